// The WebAssembly engine must give exactly the diagnoses of the native one, on every corpus case:
// both builds web/build-wasm.sh makes, the whole module (Node API, whole text) and the page's
// module (rules from kdiag_rules.bin, the log fed in 1 MiB chunks as the page's worker does).
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
const dist = path.join(root, "web/dist");
const engine = await createKdiag(dist);
const page = await require(path.join(dist, "page/kdiag_wasm.js"))({ wasmBinary: readFileSync(path.join(dist, "page/kdiag_wasm.wasm")) });
const loadError = page.load_rules(readFileSync(path.join(dist, "kdiag_rules.bin")));
if (loadError) { console.log(`kdiag_rules.bin does not load into the page's module: ${loadError}`); process.exit(1); }
function pageDiagnose(bytes, name) {
  const run = new page.Run(JSON.stringify({ top: 0 }));
  try {
    run.begin(name);
    for (let at = 0; at < bytes.length; at += 1 << 20) run.feed(bytes.subarray(at, at + (1 << 20)));
    run.end();
    return JSON.parse(run.finish());
  } finally {
    run.delete();
  }
}

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
  const bytes = readFileSync(path.join(dir, "log.txt"));
  const wasm = engine.diagnose(bytes, { top: 0, name: "log.txt" });
  const paged = pageDiagnose(bytes, "log.txt");
  const equal = (w) => isDeepStrictEqual(native.diagnoses, w.diagnoses) && native.inputs[0].lines === w.inputs[0].lines;
  if (equal(wasm) && equal(paged)) {
    same++;
  } else {
    differ++;
    console.log(`DIFFER ${path.basename(dir)}: native ${native.diagnoses.map((d) => d.id)} wasm ${wasm.diagnoses.map((d) => d.id)}` +
                ` page ${paged.diagnoses.map((d) => d.id)}${equal(wasm) ? "" : " (whole module)"}${equal(paged) ? "" : " (page module)"}`);
  }
}
console.log(`wasm vs native: ${same} passed, ${differ} failed`);
process.exit(differ ? 1 : 0);
