// Reading the keys a machine's kernel trusts for modules (see module_trust.h).
#include "doctor/module_trust.h"

#include <algorithm>

#include <fmt/format.h>

namespace kdiag::doctor {
namespace {

constexpr std::size_t kMaxVariable = 1 << 20;  // a db or MOK list is a few KB per certificate

// efivarfs files start with the variable's four attribute bytes; the mokvar table's copy in
// /sys/firmware/efi/mok-variables (since 5.10) does not.
struct Source {
  const char* name;
  const char* path;
  std::size_t skip;
};
constexpr Source kSources[] = {
    {"MokListRT", "/sys/firmware/efi/mok-variables/MokListRT", 0},
    {"MokListRT", "/sys/firmware/efi/efivars/MokListRT-605dab50-e046-4300-abb6-3dd810dd8b23", 4},
    {"db", "/sys/firmware/efi/efivars/db-d719b2cb-3d3a-4596-a3bc-dad00e67656f", 4},
};

// Certificates that may sign modules built on this machine: DKMS's, shim-signed's, a kernel
// build tree's (DER).
std::vector<std::string> certificate_files(const std::string& build_tree) {
  std::vector<std::string> files = {"/var/lib/dkms/mok.pub", "/var/lib/shim-signed/mok/MOK.der"};
  if (!build_tree.empty()) files.push_back(build_tree + "/certs/signing_key.x509");
  return files;
}

std::optional<Certificate> read_certificate(const Machine& machine, const std::string& path) {
  const ReadResult r = machine.read(path, 64 * 1024);
  return r.content ? parse_certificate(*r.content) : std::nullopt;
}

}  // namespace

TrustedKeys trusted_keys(const Machine& machine, const ModuleSignatures& modules, const std::string& build_tree) {
  TrustedKeys keys;
  for (const auto& m : modules.signers) {
    if (m.shipped && std::find(keys.own.begin(), keys.own.end(), m.signer) == keys.own.end()) {
      keys.own.push_back(m.signer);
    }
  }
  bool have_mok = false;
  for (const auto& source : kSources) {
    if (have_mok && std::string_view(source.name) == "MokListRT") continue;
    const ReadResult r = machine.read(source.path, kMaxVariable);
    if (!r.content || r.content->size() < source.skip) continue;
    auto certs = efi_signature_list_certificates(std::string_view(*r.content).substr(source.skip));
    keys.looked_at.push_back(fmt::format("{}: {} certificate(s)", source.name, certs.size()));
    if (std::string_view(source.name) == "MokListRT") have_mok = true;
    for (auto& c : certs) keys.certs.push_back(std::move(c));
  }
  if (!build_tree.empty()) {
    const std::string key = build_tree + "/certs/signing_key.x509";
    if (auto c = read_certificate(machine, key)) {
      keys.certs.push_back(std::move(*c));
      keys.looked_at.push_back(key + ": the build's own key");
    }
  }
  return keys;
}

bool trusts(const TrustedKeys& keys, const SignerId& signer) {
  if (std::find(keys.own.begin(), keys.own.end(), signer) != keys.own.end()) return true;
  return std::any_of(keys.certs.begin(), keys.certs.end(),
                     [&](const Certificate& c) { return c.signed_by_this(signer); });
}

std::string certificate_file_for(const Machine& machine, const SignerId& signer, const std::string& build_tree) {
  for (const auto& path : certificate_files(build_tree)) {
    if (auto c = read_certificate(machine, path); c && c->signed_by_this(signer)) return path;
  }
  return "";
}

}  // namespace kdiag::doctor
