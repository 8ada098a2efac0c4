// The JS API for Node: const { createKdiag } = require("./kdiag-node.cjs");
//   text may be a string or a Uint8Array/Buffer of the raw log bytes.
//   const kdiag = await createKdiag(); kdiag.diagnose(text, {top: 5}) -> the --format json object.
// Looks for the build output in web/dist/.
const fs = require("fs");
const path = require("path");

async function createKdiag(dist = path.join(__dirname, "dist")) {
  const factory = require(path.join(dist, "kdiag_wasm.js"));
  // Node 18+ has fetch(), which emscripten 3.1.6 would use on a file path: hand it the bytes.
  const module = await factory({ wasmBinary: fs.readFileSync(path.join(dist, "kdiag_wasm.wasm")) });
  return {
    diagnose: (text, options = {}) => JSON.parse(module.diagnose(text, JSON.stringify(options))),
    rules: () => JSON.parse(module.rules()),
    version: () => module.version(),
  };
}

module.exports = { createKdiag };
