// The WebAssembly engine must give exactly the diagnoses of the native one, on every corpus case.
// Usage: node wasm-equals-native.mjs KDIAG_BINARY CORPUS_DIR
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";

const require = createRequire(import.meta.url);
const [kdiag, corpus] = process.argv.slice(2);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const { createKdiag } = require(path.join(root, "web/kdiag-node.cjs"));
const engine = await createKdiag(path.join(root, "web/dist"));

const dirs = [];
for (const base of [corpus, path.join(corpus, "synthetic")]) {
  if (!existsSync(base)) continue;
  for (const name of readdirSync(base).sort()) {
    if (existsSync(path.join(base, name, "log.txt"))) dirs.push(path.join(base, name));
  }
}
let same = 0, differ = 0;
for (const dir of dirs) {
  // Both read the log under the same name, so the documents can be compared whole.
  const native = JSON.parse(execFileSync(kdiag, ["--format", "json", "--top", "0", "log.txt"],
                                         { cwd: dir, maxBuffer: 1 << 28 }).toString());
  // The bytes, not a decoded string: invalid UTF-8 must reach both engines the same way.
  const wasm = engine.diagnose(readFileSync(path.join(dir, "log.txt")), { top: 0, name: "log.txt" });
  if (isDeepStrictEqual(native.diagnoses, wasm.diagnoses) && native.inputs[0].lines === wasm.inputs[0].lines) {
    same++;
  } else {
    differ++;
    console.log(`DIFFER ${path.basename(dir)}: native ${native.diagnoses.map((d) => d.id)} wasm ${wasm.diagnoses.map((d) => d.id)}`);
  }
}
console.log(`wasm vs native: ${same} passed, ${differ} failed`);
process.exit(differ ? 1 : 0);
