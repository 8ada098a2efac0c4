#pragma once
// Who signed a module, and which certificates a machine trusts. A module's signature
// (scripts/sign-file) is a PKCS#7 SignedData appended to the module; its SignerInfo names the key
// by the certificate's issuer and serial number (or, with sign-file -k, its subject key
// identifier). The kernel accepts the module when a certificate in its keyrings has that name:
// its own built-in keys (the key it signed its own modules with), and on Secure Boot machines the
// MOK list and the UEFI db. Both are read here from their bytes, bounded and checked: modules
// and EFI variables are untrusted input.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kdiag::doctor {

// A signer as a module's SignerInfo names it: issuer (DER of the Name) and serial (the INTEGER's
// content bytes), or the subject key identifier.
struct SignerId {
  std::string issuer;
  std::string serial;
  std::string key_id;
  std::string issuer_name;  // the issuer's CN (or O), for people

  bool operator==(const SignerId&) const = default;
  // "CN 'DKMS module signing key', serial 0e592a84..." for evidence lines.
  std::string describe() const;
};

struct Certificate {
  std::string issuer, serial, key_id;  // as in SignerId
  std::string subject_name;            // the subject's CN (or O)

  bool signed_by_this(const SignerId& signer) const;
};

// The signer of a module file's bytes (decompressed), or nullopt when it carries no signature or
// the signature cannot be read.
std::optional<SignerId> module_signer(std::string_view module);

// A DER X.509 certificate, or nullopt.
std::optional<Certificate> parse_certificate(std::string_view der);

// The X.509 certificates in an EFI_SIGNATURE_LIST sequence (the data of db, MokListRT: without
// efivarfs's four attribute bytes). Hash entries are skipped.
std::vector<Certificate> efi_signature_list_certificates(std::string_view data);

}  // namespace kdiag::doctor
