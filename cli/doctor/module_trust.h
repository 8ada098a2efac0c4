#pragma once
// Which keys a kernel will accept module signatures from, as far as the machine shows them: the
// key the kernel signed its own modules with (built into it, so the signer of the modules under
// kernel/ and a build tree's certs/signing_key.x509), and the certificates firmware and shim
// hand to the kernel (the UEFI db and the MOK list; a Debian-style kernel with
// CONFIG_INTEGRITY_MACHINE_KEYRING trusts MOK keys for modules).
#include <string>
#include <vector>

#include "doctor/machine.h"
#include "doctor/module_signatures.h"
#include "doctor/signer.h"

namespace kdiag::doctor {

struct TrustedKeys {
  std::vector<SignerId> own;           // signers of the kernel's own modules
  std::vector<Certificate> certs;      // db, MOK list, the build tree's key
  std::vector<std::string> looked_at;  // "MokListRT: 1 certificate", for evidence
};

TrustedKeys trusted_keys(const Machine& machine, const ModuleSignatures& modules, const std::string& build_tree);

bool trusts(const TrustedKeys& keys, const SignerId& signer);

// A certificate file on this machine whose key made that signature (DKMS's, shim-signed's MOK
// key, a build tree's signing key): what to enroll. "" when none is found.
std::string certificate_file_for(const Machine& machine, const SignerId& signer, const std::string& build_tree);

}  // namespace kdiag::doctor
