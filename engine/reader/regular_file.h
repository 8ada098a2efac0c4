#pragma once
// The one way kdiag reads a whole file that should be an ordinary file (rule packs, corpus
// metadata and logs, a machine's files for doctor): never blocks on a FIFO, never reads a device
// or a socket, never takes more than the caller's limit, and says which limit bit.
#include <cstddef>
#include <string>
#include <string_view>

#include "status.h"

namespace kdiag {

// Every function here names what it read (name, or the path) at the front of its error messages:
// "path: is a FIFO, not a regular file". A caller that puts its own words in front passes an
// empty name and gets the bare reason.

struct FileRead : Status {
  std::string content;      // the file (or its first max_bytes when over_limit), when ok()
  int error_number = 0;     // errno of a failed open or read (0 otherwise)
  bool over_limit = false;  // the file is longer than max_bytes
};

// Opens path read-only without blocking (O_NONBLOCK: a FIFO with no writer must not hang the open)
// and checks with fstat that it is a regular file. value: the descriptor, or -1 when !ok().
Outcome<int> open_regular_file(const std::string& path);
// The same for an already opened descriptor (doctor opens under a root with openat2): closes fd
// and fails when it is not a regular file.
Outcome<int> check_regular_file(int fd, std::string_view name);
// Reads fd (a regular file) to its end or to max_bytes, whichever comes first; closes it.
FileRead read_opened_file(int fd, std::string_view name, std::size_t max_bytes);
// open_regular_file + read_opened_file.
FileRead read_regular_file(const std::string& path, std::size_t max_bytes);

// "is a FIFO", "is a character device", ... for a st_mode that is not a regular file.
std::string file_type_name(unsigned mode);

}  // namespace kdiag
