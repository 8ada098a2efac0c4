// Reading module signatures, X.509 certificates and EFI signature lists: just enough DER to name
// a signer and a certificate the same way (RFC 5652 SignerInfo, RFC 5280 TBSCertificate, UEFI
// 2.10 section 32.4.1 EFI_SIGNATURE_LIST). Every length is checked against what is left.
#include "doctor/signer.h"

#include <cstdint>

#include <fmt/format.h>

namespace kdiag::doctor {
namespace {

constexpr std::string_view kMarker = "~Module signature appended~\n";
constexpr std::size_t kModuleSignatureSize = 12;  // struct module_signature (include/linux/module_signature.h)
constexpr unsigned char kIdPkcs7 = 2;             // PKEY_ID_PKCS7
constexpr std::size_t kMaxEntries = 4096;         // certificates in one signature list

struct Tlv {
  unsigned char tag = 0;
  std::string_view content;
  std::string_view whole;  // tag, length and content: what a Name is compared by
};

// Takes one DER element off the front of in; false when it is cut or malformed.
bool take(std::string_view& in, Tlv& out) {
  if (in.size() < 2) return false;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(in[i]); };
  if ((byte(0) & 0x1F) == 0x1F) return false;  // high tag numbers: not in what is read here
  std::size_t header = 2;
  std::size_t length = byte(1);
  if (length & 0x80) {
    const std::size_t n = length & 0x7F;
    if (n == 0 || n > 4 || in.size() < 2 + n) return false;
    length = 0;
    for (std::size_t i = 0; i < n; ++i) length = (length << 8) | byte(2 + i);
    header += n;
  }
  if (length > in.size() - header) return false;
  out.tag = byte(0);
  out.content = in.substr(header, length);
  out.whole = in.substr(0, header + length);
  in.remove_prefix(header + length);
  return true;
}

bool take_tag(std::string_view& in, unsigned char tag, Tlv& out) { return take(in, out) && out.tag == tag; }

std::string hex(std::string_view bytes) {
  std::string out;
  for (char c : bytes) out += fmt::format("{:02x}", static_cast<unsigned char>(c));
  return out;
}

// The CN of a Name (or its O when it has no CN): SEQUENCE OF SET OF SEQUENCE { OID, string }.
std::string common_name(std::string_view name) {
  static constexpr std::string_view kCn = "\x55\x04\x03", kO = "\x55\x04\x0a";
  std::string cn, org;
  Tlv rdn, atv, oid, value;
  while (take_tag(name, 0x31, rdn)) {
    std::string_view set = rdn.content;
    while (take_tag(set, 0x30, atv)) {
      std::string_view pair = atv.content;
      if (!take_tag(pair, 0x06, oid) || !take(pair, value)) continue;
      // UTF8String, PrintableString, T61String, IA5String: bytes a person can read.
      if (value.tag != 0x0C && value.tag != 0x13 && value.tag != 0x14 && value.tag != 0x16) continue;
      if (oid.content == kCn) cn = std::string(value.content);
      if (oid.content == kO) org = std::string(value.content);
    }
  }
  return cn.empty() ? org : cn;
}

// The subject key identifier extension (2.5.29.14) among a certificate's extensions.
std::string subject_key_id(std::string_view extensions) {
  static constexpr std::string_view kSki = "\x55\x1d\x0e";
  Tlv list, ext, oid, field, key;
  if (!take_tag(extensions, 0x30, list)) return "";
  std::string_view items = list.content;
  while (take_tag(items, 0x30, ext)) {
    std::string_view e = ext.content;
    if (!take_tag(e, 0x06, oid) || oid.content != kSki) continue;
    if (!take(e, field)) return "";
    if (field.tag == 0x01 && !take(e, field)) return "";  // the optional critical flag
    std::string_view value = field.content;
    return field.tag == 0x04 && take_tag(value, 0x04, key) ? std::string(key.content) : "";
  }
  return "";
}

std::uint32_t le32(std::string_view b, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}

}  // namespace

std::string SignerId::describe() const {
  if (!key_id.empty()) return fmt::format("key id {}", hex(key_id));
  return fmt::format("CN '{}', serial {}", issuer_name.empty() ? "(none)" : issuer_name, hex(serial));
}

bool Certificate::signed_by_this(const SignerId& signer) const {
  if (!signer.key_id.empty()) return !key_id.empty() && key_id == signer.key_id;
  return !signer.serial.empty() && issuer == signer.issuer && serial == signer.serial;
}

std::optional<SignerId> module_signer(std::string_view module) {
  const std::size_t tail = kMarker.size() + kModuleSignatureSize;
  if (module.size() < tail || module.substr(module.size() - kMarker.size()) != kMarker) return std::nullopt;
  const std::string_view info = module.substr(module.size() - tail, kModuleSignatureSize);
  if (static_cast<unsigned char>(info[2]) != kIdPkcs7) return std::nullopt;
  std::size_t sig_len = 0;
  for (std::size_t i = 8; i < 12; ++i) sig_len = (sig_len << 8) | static_cast<unsigned char>(info[i]);
  if (sig_len > module.size() - tail) return std::nullopt;
  std::string_view in = module.substr(module.size() - tail - sig_len, sig_len);

  // ContentInfo { signedData OID, [0] SignedData { version, digestAlgorithms, encapContentInfo,
  // [0] certificates, [1] crls, signerInfos } }
  Tlv t;
  if (!take_tag(in, 0x30, t)) return std::nullopt;
  std::string_view content_info = t.content;
  if (!take_tag(content_info, 0x06, t) || !take_tag(content_info, 0xA0, t)) return std::nullopt;
  std::string_view explicit_content = t.content;
  if (!take_tag(explicit_content, 0x30, t)) return std::nullopt;
  std::string_view signed_data = t.content;
  if (!take_tag(signed_data, 0x02, t) || !take_tag(signed_data, 0x31, t) || !take_tag(signed_data, 0x30, t)) {
    return std::nullopt;
  }
  do {
    if (!take(signed_data, t)) return std::nullopt;
  } while (t.tag == 0xA0 || t.tag == 0xA1);
  if (t.tag != 0x31) return std::nullopt;
  std::string_view signer_infos = t.content;
  if (!take_tag(signer_infos, 0x30, t)) return std::nullopt;
  std::string_view signer_info = t.content;
  if (!take_tag(signer_info, 0x02, t) || !take(signer_info, t)) return std::nullopt;

  SignerId id;
  if (t.tag == 0x80) {  // [0] IMPLICIT SubjectKeyIdentifier
    id.key_id = std::string(t.content);
    return id;
  }
  if (t.tag != 0x30) return std::nullopt;
  std::string_view issuer_and_serial = t.content;
  Tlv issuer, serial;
  if (!take_tag(issuer_and_serial, 0x30, issuer) || !take_tag(issuer_and_serial, 0x02, serial)) return std::nullopt;
  id.issuer = std::string(issuer.whole);
  id.serial = std::string(serial.content);
  id.issuer_name = common_name(issuer.content);
  return id;
}

std::optional<Certificate> parse_certificate(std::string_view der) {
  Tlv t;
  if (!take_tag(der, 0x30, t)) return std::nullopt;
  std::string_view cert = t.content;
  if (!take_tag(cert, 0x30, t)) return std::nullopt;
  std::string_view tbs = t.content;
  if (!take(tbs, t)) return std::nullopt;
  if (t.tag == 0xA0 && !take(tbs, t)) return std::nullopt;  // [0] version
  if (t.tag != 0x02) return std::nullopt;
  Certificate c;
  c.serial = std::string(t.content);
  Tlv issuer, subject;
  if (!take_tag(tbs, 0x30, t) || !take_tag(tbs, 0x30, issuer) || !take_tag(tbs, 0x30, t) ||
      !take_tag(tbs, 0x30, subject) || !take_tag(tbs, 0x30, t)) {
    return std::nullopt;
  }
  c.issuer = std::string(issuer.whole);
  c.subject_name = common_name(subject.content);
  while (take(tbs, t)) {
    if (t.tag == 0xA3) c.key_id = subject_key_id(t.content);
  }
  return c;
}

std::vector<Certificate> efi_signature_list_certificates(std::string_view data) {
  // EFI_CERT_X509_GUID a5c059a1-94e4-4aa7-87b5-ab155c2bf072, as stored (little-endian fields).
  static constexpr std::string_view kX509 = "\xa1\x59\xc0\xa5\xe4\x94\xa7\x4a\x87\xb5\xab\x15\x5c\x2b\xf0\x72";
  constexpr std::size_t kListHeader = 28;  // SignatureType, ListSize, HeaderSize, SignatureSize
  constexpr std::size_t kOwner = 16;       // each entry's SignatureOwner GUID
  std::vector<Certificate> certs;
  std::size_t entries = 0;
  while (data.size() >= kListHeader && entries < kMaxEntries) {
    const std::uint32_t list_size = le32(data, 16), header_size = le32(data, 20), entry_size = le32(data, 24);
    if (list_size > data.size() || list_size < kListHeader || header_size > list_size - kListHeader ||
        entry_size <= kOwner) {
      break;  // a cut or broken list: what came before it stands
    }
    const bool x509 = data.substr(0, 16) == kX509;
    std::string_view body = data.substr(kListHeader + header_size, list_size - kListHeader - header_size);
    while (body.size() >= entry_size && entries < kMaxEntries) {
      ++entries;
      if (x509) {
        if (auto c = parse_certificate(body.substr(kOwner, entry_size - kOwner))) certs.push_back(std::move(*c));
      }
      body.remove_prefix(entry_size);
    }
    data.remove_prefix(list_size);
  }
  return certs;
}

}  // namespace kdiag::doctor
