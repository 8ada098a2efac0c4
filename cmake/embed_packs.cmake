# Writes a C++ file holding every rule pack's text, so that kdiag needs no files at run time.
# Called at build time: cmake -DOUTPUT=... -DPACKS="a.yaml;b.yaml" -DROOT=... -P embed_packs.cmake
set(body "// Generated from rules/*.yaml by cmake/embed_packs.cmake. Do not edit.\n#include \"kdiag.h\"\n\nnamespace kdiag {\n\nstd::vector<PackText> builtin_packs() {\n  std::vector<PackText> packs;\n")
string(REPLACE "|" ";" PACKS "${PACKS}")
foreach(pack IN LISTS PACKS)
  file(READ "${pack}" content HEX)
  file(RELATIVE_PATH name "${ROOT}" "${pack}")
  # Emit the bytes as a brace list of hex literals: safe for any content, any size.
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
  string(APPEND body "  {\n    static const char text[] = {\n      ${bytes}'\\0'};\n    packs.push_back({\"${name}\", std::string(text, sizeof(text) - 1)});\n  }\n")
endforeach()
string(APPEND body "  return packs;\n}\n\n")
# This path (the wasm build, where the native pack compiler cannot run) parses the YAML at start.
string(APPEND body "RuleSet builtin_rules() {\n  LoadResult loaded = load_packs(builtin_packs());\n  if (!loaded.ok()) std::abort();\n  return std::move(loaded.rules);\n}\n\n}  // namespace kdiag\n")
file(WRITE "${OUTPUT}.tmp" "${body}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
