#pragma once
// Splits a byte stream into cleaned Lines, in bounded memory: only the current line is held, and a
// line longer than the cap keeps its first max_line_bytes and is marked truncated.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "reader/line.h"

namespace kdiag {

class LineReader {
 public:
  using Sink = std::function<void(const Line&)>;

  // ordinal is shared by all inputs of one diagnosis so that positions compare across them.
  LineReader(std::size_t input_index, InputInfo& info, std::size_t& ordinal, std::size_t max_line_bytes);

  void feed(std::string_view chunk, const Sink& sink);
  void finish(const Sink& sink);  // flushes a last line that has no newline

 private:
  void start(const Sink& sink);  // decides the encoding from bom_probe_ and feeds it
  void feed_utf8(std::string_view chunk, const Sink& sink);
  void emit(const Sink& sink);

  std::size_t input_index_;
  InputInfo& info_;
  std::size_t& ordinal_;
  std::size_t max_line_bytes_;
  std::string pending_;  // bytes of the current line so far (at most max_line_bytes_)
  bool pending_truncated_ = false;
  bool started_ = false;     // the first bytes were inspected for a BOM
  int utf16_ = 0;            // 0: not UTF-16; 1: little-endian; 2: big-endian
  std::string utf16_carry_;  // an odd byte or half a surrogate pair between chunks
  std::string bom_probe_;    // the first bytes until there are enough to look for a BOM
  Line line_;                // reused for every line, so its strings keep their capacity
};

// Reads a whole stream (file descriptor) through a LineReader; on_chunk (if set) is told the size
// of every chunk read (for progress). Returns false and sets error when reading fails; the lines
// read before the failure are still delivered.
bool read_fd(int fd, LineReader& reader, const LineReader::Sink& sink, std::string& error,
             const ChunkObserver& on_chunk = {});

}  // namespace kdiag
