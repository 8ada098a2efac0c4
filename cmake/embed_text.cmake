# Writes a C++ file with one function returning a data file's text, so that kdiag needs no files
# at run time. Called at build time:
#   cmake -DINPUT=table.tsv -DOUTPUT=table.cc -DFUNCTION=ns::name -DHEADER=doctor/x.h -P embed_text.cmake
file(READ "${INPUT}" content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
string(REGEX REPLACE "::[^:]*$" "" ns "${FUNCTION}")
string(REGEX REPLACE "^.*::" "" fn "${FUNCTION}")
get_filename_component(name "${INPUT}" NAME)
set(body "// Generated from ${name} by cmake/embed_text.cmake. Do not edit.\n#include \"${HEADER}\"\n\nnamespace ${ns} {\n\nstd::string_view ${fn}() {\n  static const char text[] = {${bytes}'\\0'};\n  return std::string_view(text, sizeof(text) - 1);\n}\n\n}  // namespace ${ns}\n")
file(WRITE "${OUTPUT}.tmp" "${body}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
