#include "scorer/evidence.h"

namespace kdiag {

void EvidenceBook::record(const Hit& hit, const Event& event, std::size_t nonblank_index,
                          const std::string& signature_name) {
  SignatureStats& s = stats_[hit.signature];
  const Line& line = *event.line;
  EvidenceLine ev;
  ev.input = line.input;
  ev.line = line.number;
  ev.ordinal = line.ordinal;
  ev.text = line.display;
  ev.body = line.text;
  ev.signature = signature_name;
  if (const auto* f = event.get("file")) ev.file = *f;
  if (const auto* l = event.get("line")) ev.file_line = *l;
  if (s.count == 0) s.first_ordinal = line.ordinal;
  ++s.count;
  s.last_ordinal = line.ordinal;
  s.last_input = line.input;
  s.last_nonblank_index = nonblank_index;
  for (const auto& [name, value] : hit.captures) {
    bool known = false;
    for (const auto& [have, _] : s.captures) known = known || have == name;
    if (!known) {
      s.captures.emplace_back(name, value);
      s.capture_ordinals.push_back(line.ordinal);
    }
  }
  if (s.samples.size() < kSamplesPerSignature) s.samples.push_back(ev);
  s.last_sample = std::move(ev);
}

}  // namespace kdiag
