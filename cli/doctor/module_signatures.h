#pragma once
// Whether the modules of a kernel carry a signature: what a kernel that enforces signatures (or
// is locked down) needs before it loads them.
#include <string>
#include <vector>

#include "doctor/machine.h"
#include "doctor/signer.h"

namespace kdiag::doctor {

struct SignedModule {
  std::string path;
  SignerId signer;
  bool shipped = false;  // under kernel/: came with the kernel, signed with its own key
};

struct ModuleSignatures {
  std::size_t looked_at = 0;                   // modules read
  std::size_t signed_count = 0;                // with "~Module signature appended~" at their end
  std::size_t found = 0;                       // module files seen under the directory (up to the walk's bound)
  std::vector<std::string> unsigned_examples;  // a few paths of unsigned ones
  std::vector<std::string> unreadable;         // modules that could not be read or decompressed
  std::vector<SignedModule> signers;           // the signed ones read, with whose key signed them
};

// Reads up to sample modules under dir (/lib/modules/VERSION), .ko as they are and .ko.xz,
// .ko.zst, .ko.gz decompressed (the signature is appended before compression), each bounded;
// and every module outside kernel/ (DKMS's updates/, extra/: built and signed on this machine)
// up to the same bound, since those are the ones a foreign key may have signed.
ModuleSignatures module_signatures(const Machine& machine, const std::string& dir, std::size_t sample = 40);

// Whether the bytes of a module end with the signature marker (scripts/sign-file appends the
// PKCS#7 signature, its length block and "~Module signature appended~\n").
bool has_module_signature(std::string_view module);

}  // namespace kdiag::doctor
