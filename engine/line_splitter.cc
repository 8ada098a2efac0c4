// Front-ends that show more of a log than its evidence (batch's excerpts) read it through the
// session's own reader, so their line numbers and cleaning are the evidence's.
#include "kdiag.h"
#include "reader/line_reader.h"

namespace kdiag {

struct LineSplitter::State {
  State(std::size_t max_line_bytes, Sink s)
      : reader(0, info, ordinal, max_line_bytes),
        sink(std::move(s)),
        forward([this](const Line& line) { sink(line.number, line.display); }) {}
  InputInfo info;
  std::size_t ordinal = 0;
  LineReader reader;
  Sink sink;
  LineReader::Sink forward;
};

LineSplitter::LineSplitter(std::size_t max_line_bytes, Sink sink)
    : state_(std::make_unique<State>(max_line_bytes, std::move(sink))) {}
LineSplitter::~LineSplitter() = default;
void LineSplitter::feed(std::string_view bytes) { state_->reader.feed(bytes, state_->forward); }
void LineSplitter::finish() { state_->reader.finish(state_->forward); }

}  // namespace kdiag
