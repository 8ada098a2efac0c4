#pragma once
// The --format json object as a value, for front-ends that add to it before printing (kdiag
// batch adds the path, a verdict and excerpts per row): they print exactly what --format json
// prints, plus their own fields, without parsing the renderer's output back.
#include <nlohmann/json.hpp>

#include "render/renderer.h"

namespace kdiag {

nlohmann::ordered_json json_document(const Result& result, const RenderOptions& options);

}  // namespace kdiag
