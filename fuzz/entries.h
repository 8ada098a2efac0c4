#pragma once
// The fuzz targets' entry functions. libFuzzer calls them through LLVMFuzzerTestOneInput
// (fuzz_*.cc, clang only); the regression test (tests/fuzz_replay) feeds them every file of
// fuzz/regressions/<target>/ in the normal build, so a crash found once stays fixed.
#include <cstddef>
#include <cstdint>

namespace kdiag::fuzz {

// A property the code under test promises was broken: crash loudly so the fuzzer keeps the input.
void require(bool ok);

// Reader + dialect grammars + matcher + scorer + renderers: bytes as one log, diagnosed by a
// Session with the built-in rules. The first byte picks the chunk size the bytes are fed in and
// whether a small line cap is used, so chunk boundaries and truncation are exercised too. The
// result is rendered in every format and the step summary, without and with a project directory
// and an unread input; json, gitlab and sarif must parse as JSON, github be workflow commands.
int session_one_input(const std::uint8_t* data, std::size_t size);

// The rule-pack loader: YAML text -> validated rules or errors. A pack that loads is compiled
// into an Engine and diagnoses its own examples, as `kdiag rules check` does.
int loader_one_input(const std::uint8_t* data, std::size_t size);

// The condition parser: text -> Condition; a parsed condition is printed, re-parsed (it must
// print the same), checked for satisfiability and evaluated on facts derived from the bytes.
int condition_one_input(const std::uint8_t* data, std::size_t size);

// kdiag doctor --root on a tree the bytes describe (doctor_entry.cc): links anywhere, FIFOs, odd
// contents; nothing outside the root may be read, nothing may hang, every format stays valid.
int doctor_one_input(const std::uint8_t* data, std::size_t size);

// kdiag corpus on one case whose meta.yaml is the bytes (corpus_entry.cc): beside a real log, a
// FIFO and links out of the case; nothing outside the case may be read, nothing may hang.
int corpus_one_input(const std::uint8_t* data, std::size_t size);

}  // namespace kdiag::fuzz
