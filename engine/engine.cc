#include "engine.h"

namespace kdiag {

Engine::Engine(RuleSet rules, EngineOptions options)
    : rules_(std::make_unique<const RuleSet>(std::move(rules))),
      options_(options),
      matcher_(std::make_unique<Matcher>(*rules_, Matcher::Options{options.signature_sets, options.full_set_after_bytes})) {}

Result Engine::diagnose_text(const std::string& name, std::string_view text) const {
  Session session(*this);
  session.begin_input(name);
  session.feed(text);
  session.end_input();
  return session.finish();
}

Session::Session(const Engine& engine)
    : engine_(engine), book_(engine.matcher().signatures().size()), scratch_(engine.matcher().new_scratch()) {
  watch_windows(engine.rules(), book_);
}

void Session::skip_input(const std::string& name) {
  if (skipped_inputs_++ == 0) first_skipped_ = name;
}

void Session::begin_input(const std::string& name) {
  inputs_.push_back(InputInfo{});
  inputs_.back().name = name;
  positions_.push_back({});
  reader_ = std::make_unique<LineReader>(inputs_.size() - 1, inputs_.back(), ordinal_, engine_.options().max_line_bytes);
}

void Session::feed(std::string_view bytes) {
  reader_->feed(bytes, [this](const Line& line) { on_line(line); });
}

void Session::end_input() {
  reader_->finish([this](const Line& line) { on_line(line); });
  reader_.reset();
}

bool Session::read_input(int fd, const std::string& name, std::string& error, const ChunkObserver& on_chunk) {
  begin_input(name);
  const bool ok = read_fd(fd, *reader_, [this](const Line& line) { on_line(line); }, error, on_chunk);
  reader_.reset();
  return ok;
}

void Session::on_line(const Line& line) {
  InputPosition& position = positions_[line.input];
  if (line.text.find_first_not_of(" \t") != std::string::npos) ++position.nonblank_lines;
  const Event event = classify(line, dialect_state_);
  hits_.clear();
  engine_.matcher().match(event, hits_, scratch_);
  for (const Hit& hit : hits_) {
    book_.record(hit, event, position.nonblank_lines, engine_.matcher().signature(hit.signature).name);
  }
}

Result Session::finish() {
  Result result = score(engine_.rules(), engine_.matcher(), book_, positions_, inputs_);
  for (const auto& input : result.inputs) {
    if (input.truncated_lines > 0) {
      result.notes.push_back(input.name + ": " + std::to_string(input.truncated_lines) +
                             " line(s) longer than " + std::to_string(engine_.options().max_line_bytes) +
                             " bytes were cut to that length (limit: max line length, --max-line-bytes)");
    }
    if (input.encoding != "utf-8") result.notes.push_back(input.name + ": decoded from " + input.encoding);
  }
  if (skipped_inputs_ > 0) {
    result.notes.push_back(std::to_string(skipped_inputs_) + " input(s) not read, from " + first_skipped_ +
                           " on (limit: " +
                           std::to_string(engine_.options().max_inputs) + " inputs)");
  }
  return result;
}

}  // namespace kdiag
