#include "startup.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace kdiag::cli {

void prefault_heap() {
#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD)
  constexpr std::size_t kBytes = std::size_t{1} << 20;
  constexpr int kPopulateWrite = 23;  // MADV_POPULATE_WRITE (Linux 5.14); glibc 2.36 names it
  // The block must come from the brk heap and stay there when freed, so that later allocations
  // reuse the populated pages: raise the mmap threshold above it and the trim threshold too.
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  mallopt(M_TRIM_THRESHOLD, 8 << 20);
  void* block = std::malloc(kBytes);
  if (!block) return;
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto start = reinterpret_cast<std::uintptr_t>(block) & ~(page - 1);
  const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
  std::free(block);
  if (end > start && end - start <= 4 * kBytes) {
    madvise(reinterpret_cast<void*>(start), end - start, kPopulateWrite);
  }
#endif
}

}  // namespace kdiag::cli
