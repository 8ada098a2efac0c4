// Runs the WebAssembly engine off the main thread, so a 10 MB paste never freezes the page.
importScripts("kdiag_wasm.js");
let engine = null;
createKdiagModule().then((module) => {
  engine = module;
  postMessage({ type: "ready", version: module.version(), rules: JSON.parse(module.rules()).length });
}).catch((e) => postMessage({ type: "failed", message: String(e) }));

onmessage = (event) => {
  const { id, text, options } = event.data;
  const started = performance.now();
  try {
    const json = engine.diagnose(text, JSON.stringify(options || {}));
    postMessage({ type: "result", id, result: JSON.parse(json), ms: performance.now() - started });
  } catch (e) {
    postMessage({ type: "result", id, error: String(e) });
  }
};
