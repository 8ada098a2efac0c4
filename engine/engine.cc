#include "kdiag.h"

#include <algorithm>

#include "batch_pipe.h"
#include "dialects/dialects.h"
#include "matcher/matcher.h"
#include "reader/line_reader.h"
#include "reader/wrap.h"
#include "rules/rule_table.h"
#include "scorer/evidence.h"
#include "scorer/scorer.h"

namespace kdiag {

// Built in this order, each part referring to the one before: they live together on the heap, so
// moving an Engine moves a pointer and every reference stays valid.
struct Engine::Parts {
  Parts(RuleSet rule_set, EngineOptions engine_options)
      : rules(std::move(rule_set)),
        table(rules),
        options(engine_options),
        matcher(table, Matcher::Options{options.signature_sets, options.full_set_after_bytes}) {}
  const RuleSet rules;
  const RuleTable table;
  const EngineOptions options;
  const Matcher matcher;
};

Engine::Engine(RuleSet rules, EngineOptions options) : parts_(std::make_unique<Parts>(std::move(rules), options)) {}
Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

const RuleSet& Engine::rules() const { return parts_->rules; }
const EngineOptions& Engine::options() const { return parts_->options; }
std::vector<std::string> Engine::patterns() const { return parts_->matcher.patterns(); }
std::vector<std::string> Engine::set_problems() const { return parts_->matcher.set_problems(); }

Result Engine::diagnose_text(const std::string& name, std::string_view text) const {
  Session session(*this);
  session.begin_input(name);
  session.feed(text);
  session.end_input();
  return session.finish();
}

// Everything one diagnosis changes as it reads: sessions of one Engine share nothing.
class Session::State {
 public:
  explicit State(const Engine::Parts& parts);
  bool accepts_input() const { return inputs_.size() < parts_.options.max_inputs; }
  void skip_input(const std::string& name);
  void note_unread(const std::string& name, std::string why) { unread_.push_back({name, std::move(why)}); }
  void begin_input(const std::string& name);
  void feed(std::string_view bytes);
  void end_input();
  Status read_input(int fd, const std::string& name, const ChunkObserver& on_chunk);
  Result finish();

 private:
  // A line as the reading stage hands it to the matching stage: the line, its event and the
  // dialect state right after it (what joins of wrapped lines are classified with).
  struct ReadLine {
    Line line;
    Event event;
    DialectState dialect_state;
  };
  // Filled in place: a recycled batch keeps its lines' buffers (BatchPipe::spare).
  struct Batch {
    std::vector<ReadLine> lines;
    std::size_t size = 0;
  };

  // The reading stage: classify the line, then match it here or hand it to the worker.
  void on_line(const Line& line);
  // The matching stage, in reading order whichever thread runs it.
  void consume(const Line& line, const Event& event, const DialectState& dialect_state);
  void consume_batch(Batch& batch);
  // Pushes the batch being filled to the worker and starts filling a spare one.
  void hand_over_batch();
  // Hands the partial batch over and waits until the worker has consumed everything: at the end
  // of each input (what follows reads the positions and the book).
  void drain();
  // Reads line joined to the lines before it when it may be their wrapped rest (reader/wrap.h):
  // to the last one, the last two... (a wrapped message may begin at any of them); records only
  // signatures that the pieces and the shorter joins did not hit.
  void read_wrapped(const Line& line, const Event& event, const DialectState& dialect_state);
  // Matches the event and records its hits in the book and in recorded; with only_new, not the
  // signatures the chain or the line already hit. Whether any hit was recorded.
  bool record_hits(const Event& event, std::size_t nonblank_index, bool only_new, std::vector<std::size_t>& recorded);

  const Engine::Parts& parts_;
  EvidenceBook book_;
  DialectState dialect_state_;
  std::vector<InputInfo> inputs_;
  std::vector<InputPosition> positions_;
  std::unique_ptr<LineReader> reader_;
  std::size_t ordinal_ = 0;
  std::size_t skipped_inputs_ = 0;
  std::string first_skipped_;
  std::vector<UnreadInput> unread_;
  std::vector<Hit> hits_;  // reused per line
  // The lines before that continue one another, oldest first, each with whether it joins the one
  // before it with a space; and the signatures those lines and their joins hit.
  std::vector<Line> pieces_;
  std::size_t width_seen_ = 0;  // of the current input (reader/wrap.h)
  std::vector<bool> piece_spaced_;
  std::vector<std::size_t> chain_hits_, line_hits_;
  Line joined_, start_;
  MatchScratch scratch_;  // the matcher's per-session state
  // Two stages on two threads once a session has read EngineOptions::pipeline_after_bytes
  // (with threads > 1); until then, and always with threads == 1, one thread does both.
  std::size_t bytes_read_ = 0;
  Batch batch_;
  std::unique_ptr<BatchPipe<Batch>> pipe_;
};

Session::Session(const Engine& engine) : state_(std::make_unique<State>(*engine.parts_)) {}
Session::~Session() = default;
bool Session::accepts_input() const { return state_->accepts_input(); }
void Session::skip_input(const std::string& name) { state_->skip_input(name); }
void Session::note_unread(const std::string& name, std::string why) { state_->note_unread(name, std::move(why)); }
void Session::begin_input(const std::string& name) { state_->begin_input(name); }
void Session::feed(std::string_view bytes) { state_->feed(bytes); }
void Session::end_input() { state_->end_input(); }
Status Session::read_input(int fd, const std::string& name, const ChunkObserver& on_chunk) {
  return state_->read_input(fd, name, on_chunk);
}
Result Session::finish() { return state_->finish(); }

Session::State::State(const Engine::Parts& parts)
    : parts_(parts), book_(parts.table.size()), scratch_(parts.matcher.new_scratch()) {
  watch_windows(parts.table, book_);
}

void Session::State::skip_input(const std::string& name) {
  if (skipped_inputs_++ == 0) first_skipped_ = name;
}

void Session::State::begin_input(const std::string& name) {
  inputs_.push_back(InputInfo{});
  inputs_.back().name = name;
  positions_.push_back({});
  pieces_.clear();
  width_seen_ = 0;
  reader_ = std::make_unique<LineReader>(inputs_.size() - 1, inputs_.back(), ordinal_, parts_.options.max_line_bytes);
}

void Session::State::feed(std::string_view bytes) {
  reader_->feed(bytes, [this](const Line& line) { on_line(line); });
}

void Session::State::end_input() {
  reader_->finish([this](const Line& line) { on_line(line); });
  reader_.reset();
  drain();
}

void Session::State::hand_over_batch() {
  pipe_->push(std::move(batch_));
  batch_ = pipe_->spare();
  batch_.size = 0;
}

void Session::State::drain() {
  if (!pipe_) return;
  if (batch_.size > 0) hand_over_batch();
  pipe_->drain();
}

Status Session::State::read_input(int fd, const std::string& name, const ChunkObserver& on_chunk) {
  begin_input(name);
  std::string error;
  const bool ok = read_fd(
      fd, *reader_, [this](const Line& line) { on_line(line); }, error, on_chunk);
  reader_.reset();
  drain();
  Status status;
  if (!ok) {
    note_unread(name, "read error: " + error);
    status.fail(name + ": read error: " + error);
  }
  return status;
}

void Session::State::on_line(const Line& line) {
  Event event = classify(line, dialect_state_);
  if (!pipe_) {
    consume(line, event, dialect_state_);
    bytes_read_ += line.text.size() + 1;
    const EngineOptions& options = parts_.options;
    if (options.threads > 1 && bytes_read_ >= options.pipeline_after_bytes) {
      // Enough to be worth a thread: from the next line on, the worker matches.
      constexpr std::size_t kQueuedBatches = 4;
      pipe_ = std::make_unique<BatchPipe<Batch>>([this](Batch& batch) { consume_batch(batch); }, kQueuedBatches);
    }
    return;
  }
  constexpr std::size_t kBatchLines = 512;
  if (batch_.size == batch_.lines.size()) {
    batch_.lines.emplace_back();
  }
  ReadLine& read = batch_.lines[batch_.size++];
  read.line = line;  // assignments: the recycled buffers are reused
  read.event = std::move(event);
  read.dialect_state = dialect_state_;
  if (batch_.size == kBatchLines) hand_over_batch();
}

void Session::State::consume_batch(Batch& batch) {
  for (std::size_t i = 0; i < batch.size; ++i) {
    ReadLine& read = batch.lines[i];
    read.event.line = &read.line;  // it pointed at the reader's line, which has moved on
    consume(read.line, read.event, read.dialect_state);
  }
}

void Session::State::consume(const Line& line, const Event& event, const DialectState& dialect_state) {
  InputPosition& position = positions_[line.input];
  if (line.text.find_first_not_of(" \t") != std::string::npos) ++position.nonblank_lines;
  line_hits_.clear();
  record_hits(event, position.nonblank_lines, false, line_hits_);
  read_wrapped(line, event, dialect_state);
}

bool Session::State::record_hits(const Event& event, std::size_t nonblank_index, bool only_new,
                                 std::vector<std::size_t>& recorded) {
  const auto known = [&](std::size_t signature) {
    return std::find(chain_hits_.begin(), chain_hits_.end(), signature) != chain_hits_.end() ||
           std::find(line_hits_.begin(), line_hits_.end(), signature) != line_hits_.end();
  };
  hits_.clear();
  parts_.matcher.match(event, hits_, scratch_);
  bool any = false;
  for (const Hit& hit : hits_) {
    if (only_new && known(hit.signature)) continue;
    book_.record(hit, event, nonblank_index, parts_.table.signature(hit.signature).name);
    recorded.push_back(hit.signature);
    any = true;
  }
  return any;
}

void Session::State::read_wrapped(const Line& line, const Event& event, const DialectState& dialect_state) {
  const bool recognised = event.dialect != "plain";
  bool continues = !pieces_.empty() && may_continue(pieces_.back(), line, recognised, width_seen_);
  if (!continues && pieces_.size() >= 2 && ragged_quote(pieces_[pieces_.size() - 2], pieces_.back(), line)) {
    // The short overflow of a re-wrapped quote: judge the line against the quoted line it ends.
    join_lines(pieces_[pieces_.size() - 2], pieces_.back(), piece_spaced_.back(), joined_);
    continues = may_continue(joined_, line, recognised, width_seen_);
  }
  width_seen_ = std::max(width_seen_, width_shown(line));
  if (!continues) {
    pieces_.assign(1, line);
    piece_spaced_.assign(1, true);
    chain_hits_ = line_hits_;
    return;
  }
  const std::size_t nonblank_index = positions_[line.input].nonblank_lines;
  if (pieces_.size() == kMaxJoinedLines - 1) {  // the oldest piece makes way
    pieces_.erase(pieces_.begin());
    piece_spaced_.erase(piece_spaced_.begin());
  }
  // The line joined to the last piece, then to the last two..., each suffix of the chain grown by
  // one piece in front. With a space, and without one when the break may have cut a word; the
  // join with the last piece decides how this line joins the chain: without a space only if that
  // alone hit.
  bool hit_spaced = false, hit_unspaced = false;
  start_ = pieces_.back();
  for (std::size_t first = pieces_.size(); first-- > 0;) {
    if (first + 1 < pieces_.size()) {
      join_lines(pieces_[first], start_, piece_spaced_[first + 1], joined_);
      std::swap(start_, joined_);
    }
    for (const bool with_space : {true, false}) {
      if (!with_space && !may_cut_word(pieces_.back(), line)) break;
      join_lines(start_, line, with_space, joined_);
      DialectState state = dialect_state;  // a join is read on the side: it must not move the state
      const bool hit_new = record_hits(classify(joined_, state), nonblank_index, true, chain_hits_);
      if (first + 1 == pieces_.size()) (with_space ? hit_spaced : hit_unspaced) = hit_new;
    }
  }
  chain_hits_.insert(chain_hits_.end(), line_hits_.begin(), line_hits_.end());
  pieces_.push_back(line);
  piece_spaced_.push_back(hit_spaced || !hit_unspaced);
}

Result Session::State::finish() {
  drain();
  pipe_.reset();
  Result result = score(parts_.table, book_, positions_, inputs_);
  for (const auto& input : result.inputs) {
    if (input.truncated_lines > 0) {
      result.notes.push_back(input.name + ": " + std::to_string(input.truncated_lines) + " line(s) longer than " +
                             std::to_string(parts_.options.max_line_bytes) +
                             " bytes were cut to that length (limit: max line length, --max-line-bytes)");
    }
    if (input.encoding != "utf-8") result.notes.push_back(input.name + ": decoded from " + input.encoding);
  }
  result.unread = unread_;
  if (skipped_inputs_ > 0) {
    result.notes.push_back(std::to_string(skipped_inputs_) + " input(s) not read, from " + first_skipped_ +
                           " on (limit: " + std::to_string(parts_.options.max_inputs) + " inputs)");
    result.unread.push_back({first_skipped_, "not read, nor " + std::to_string(skipped_inputs_ - 1) +
                                                 " input(s) after it: more than " +
                                                 std::to_string(parts_.options.max_inputs) + " inputs"});
  }
  return result;
}

}  // namespace kdiag
