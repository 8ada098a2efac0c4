#include "reader/line_reader.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

#include "reader/normalize.h"
#include "reader/prefix.h"
#include "reader/utf8.h"

namespace kdiag {
namespace {

// Decodes as much UTF-16 as the bytes allow; leaves an incomplete unit or pair in carry.
std::string decode_utf16(std::string& carry, std::string_view chunk, bool big_endian) {
  carry.append(chunk);
  std::string out;
  out.reserve(carry.size() / 2);
  std::size_t i = 0;
  const auto unit = [&](std::size_t k) {
    const auto a = static_cast<unsigned char>(carry[k]), b = static_cast<unsigned char>(carry[k + 1]);
    return big_endian ? (a << 8 | b) : (b << 8 | a);
  };
  while (i + 1 < carry.size()) {
    const unsigned u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 3 >= carry.size()) break;  // wait for the low surrogate
      const unsigned low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
        i += 4;
        continue;
      }
      append_utf8(out, 0xFFFD);
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      append_utf8(out, 0xFFFD);
    } else {
      append_utf8(out, u);
    }
    i += 2;
  }
  carry.erase(0, i);
  return out;
}

}  // namespace

LineReader::LineReader(std::size_t input_index, InputInfo& info, std::size_t& ordinal, std::size_t max_line_bytes)
    : input_index_(input_index), info_(info), ordinal_(ordinal), max_line_bytes_(max_line_bytes) {}

void LineReader::feed(std::string_view chunk, const Sink& sink) {
  info_.bytes += chunk.size();
  if (!started_) {
    // The first bytes say the encoding (a log saved on Windows is UTF-16): wait for four.
    bom_probe_.append(chunk);
    if (bom_probe_.size() >= 4) start(sink);
    return;
  }
  if (utf16_) {
    feed_utf8(decode_utf16(utf16_carry_, chunk, utf16_ == 2), sink);
  } else {
    feed_utf8(chunk, sink);
  }
}

void LineReader::start(const Sink& sink) {
  started_ = true;
  std::string_view head = bom_probe_;
  // Without a BOM, UTF-16 text of ASCII shows as every other byte NUL: "e\0r\0" (LE), "\0e\0r" (BE).
  // Two such units at the start decide it (no log starts with NULs by accident).
  const auto ascii_utf16 = [&](std::size_t zero, std::size_t text) {
    return head.size() >= 4 && head[zero] == '\0' && head[zero + 2] == '\0' && head[text] != '\0' &&
           head[text + 2] != '\0' && static_cast<unsigned char>(head[text]) < 0x80 &&
           static_cast<unsigned char>(head[text + 2]) < 0x80;
  };
  if (head.substr(0, 2) == "\xFF\xFE") {
    utf16_ = 1;
    info_.encoding = "utf-16le";
    head.remove_prefix(2);
  } else if (head.substr(0, 2) == "\xFE\xFF") {
    utf16_ = 2;
    info_.encoding = "utf-16be";
    head.remove_prefix(2);
  } else if (head.substr(0, 3) == "\xEF\xBB\xBF") {
    head.remove_prefix(3);  // a UTF-8 BOM says nothing useful
  } else if (ascii_utf16(1, 0)) {
    utf16_ = 1;
    info_.encoding = "utf-16le (no BOM; detected from its NUL bytes)";
  } else if (ascii_utf16(0, 1)) {
    utf16_ = 2;
    info_.encoding = "utf-16be (no BOM; detected from its NUL bytes)";
  }
  const std::string first(head);
  bom_probe_.clear();
  bom_probe_.shrink_to_fit();
  if (utf16_) {
    feed_utf8(decode_utf16(utf16_carry_, first, utf16_ == 2), sink);
  } else {
    feed_utf8(first, sink);
  }
}

void LineReader::feed_utf8(std::string_view chunk, const Sink& sink) {
  while (!chunk.empty()) {
    const auto nl = chunk.find('\n');
    const std::string_view piece = chunk.substr(0, nl);
    if (!pending_truncated_) {
      const std::size_t room = max_line_bytes_ - pending_.size();
      if (piece.size() > room) {
        pending_.append(piece.substr(0, room));
        pending_truncated_ = true;
      } else {
        pending_.append(piece);
      }
    }
    if (nl == std::string_view::npos) return;
    emit(sink);
    chunk.remove_prefix(nl + 1);
  }
}

void LineReader::finish(const Sink& sink) {
  if (!started_ && !bom_probe_.empty()) start(sink);  // an input of fewer than four bytes
  // UTF-16 that ends in half a unit or half a surrogate pair: say so rather than drop it.
  if (utf16_ && !utf16_carry_.empty()) {
    utf16_carry_.clear();
    feed_utf8("\xEF\xBF\xBD", sink);
  }
  if (!pending_.empty() || pending_truncated_) emit(sink);
}

void LineReader::emit(const Sink& sink) {
  Line& line = line_;
  line.input = input_index_;
  line.number = ++info_.lines;
  line.ordinal = ++ordinal_;
  line.truncated = pending_truncated_;
  line.kernel = false;
  line.stamped = false;
  line.source.clear();
  normalize_line(pending_, line.display);
  line.width = utf8_length(line.display);
  strip_prefixes(line);
  if (line.truncated) ++info_.truncated_lines;
  if (line.text.find_first_not_of(" \t") != std::string::npos) {
    info_.any_nonblank = true;
    info_.last_nonblank_ordinal = line.ordinal;
  }
  pending_.clear();
  pending_truncated_ = false;
  sink(line);
}

bool read_fd(int fd, LineReader& reader, const LineReader::Sink& sink, std::string& error,
             const ChunkObserver& on_chunk) {
  std::string buffer(1 << 16, '\0');
  bool ok = true;
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      ok = false;
      break;
    }
    reader.feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)), sink);
    if (on_chunk) on_chunk(static_cast<std::size_t>(n));
  }
  reader.finish(sink);
  return ok;
}

}  // namespace kdiag
