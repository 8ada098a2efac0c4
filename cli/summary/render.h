#pragma once
// kdiag summary's formats: text (aligned columns), json (one object), markdown (a table for a
// CI job summary or a dashboard page). Paths and titles come from logs and packs anyone wrote:
// text replaces control characters, markdown escapes what would break or inject into a table
// cell (| ` < > \ * _ [ ] and line breaks), json is escaped by its serializer.
#include <ostream>
#include <string>
#include <string_view>

#include "summary/tally.h"

namespace kdiag::cli {

void render_summary_text(const Summary& s, std::ostream& out);
void render_summary_json(const Summary& s, std::ostream& out);
void render_summary_markdown(const Summary& s, std::ostream& out);

std::string markdown_cell(std::string_view s);
std::string text_safe(std::string_view s);

}  // namespace kdiag::cli
