// libFuzzer target 'corpus' (built with -DKDIAG_FUZZ=ON by clang; see fuzz/run.sh).
#include "entries.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return kdiag::fuzz::corpus_one_input(data, size);
}
