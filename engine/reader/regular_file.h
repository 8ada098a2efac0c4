#pragma once
// The one way kdiag reads a whole file that should be an ordinary file (rule packs, corpus
// metadata and logs, a machine's files for doctor): never blocks on a FIFO, never reads a device
// or a socket, never takes more than the caller's limit, and says which limit bit.
#include <cstddef>
#include <string>

namespace kdiag {

struct FileRead {
  bool ok = false;  // content holds the file (or its first max_bytes when over_limit)
  std::string content;
  std::string error;        // why not: "No such file or directory", "is a FIFO, not a regular file", ...
  int error_number = 0;     // errno of a failed read (0 otherwise)
  bool over_limit = false;  // the file is longer than max_bytes
};

// Opens path read-only without blocking (O_NONBLOCK: a FIFO with no writer must not hang the open)
// and checks with fstat that it is a regular file. Returns the descriptor, or -1 with error set.
int open_regular_file(const std::string& path, std::string& error);
// The same for an already opened descriptor (doctor opens under a root with openat2): closes fd
// and returns -1 with error set when it is not a regular file.
int check_regular_file(int fd, std::string& error);
// Reads fd (a regular file) to its end or to max_bytes, whichever comes first; closes it.
FileRead read_opened_file(int fd, std::size_t max_bytes);
// open_regular_file + read_opened_file.
FileRead read_regular_file(const std::string& path, std::size_t max_bytes);

// "is a FIFO", "is a character device", ... for a st_mode that is not a regular file.
std::string file_type_name(unsigned mode);

}  // namespace kdiag
