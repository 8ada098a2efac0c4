// Runs the WebAssembly engine off the main thread. The page sends a run: its inputs as bytes
// (ArrayBuffers, transferred, never copied through a text box), read here in chunks of 1 MiB:
// between chunks the worker reports progress and looks at its messages, so Cancel, Clear or a
// new run stop the old one within a chunk. While it feeds the engine it indexes line starts for
// the page's log viewer and learns the log's user and host names for redaction; when the run is
// done, the bytes go back to the page (transferred again) with the index.
//
// Messages in:  {type: "boot", wasm, rules} (only from a page opened from file://, see below)
//               {type: "piece", key: "run/n", text}  a piece of a text (a paste, the box) a run names
//               {type: "run", id, inputs: [{name, bytes: ArrayBuffer} | {name, pieces: {key, count}}], options}
//               (text is encoded here: off the page's main thread)
//               {type: "cancel", id}
// Messages out: {type: "ready", version, rules} | {type: "failed", message}
//               {type: "progress", id, done, total}
//               {type: "result", id, json, inputs: [{name, bytes, starts}], names, ms}
//               {type: "cancelled", id} | {type: "error", id, message}
"use strict";
const CHUNK = 1 << 20;
let engine = null;
let active = 0;          // the run that may go on; any other stops at its next chunk
const pieces = new Map(); // key -> the pieces of a text received so far, for the run that names it

// Starts the engine: the page's build of the module (web/build-wasm.sh: without the YAML packs and
// their parser) and the compiled knowledge base it needs, kdiag_rules.bin.
function boot(moduleOptions, compiled) {
  Promise.all([createKdiagModule(moduleOptions), compiled]).then(([module, bytes]) => {
    if (!bytes) throw new Error("kdiag_rules.bin, the knowledge base, could not be fetched");
    const error = module.load_rules(new Uint8Array(bytes));
    if (error) throw new Error("kdiag_rules.bin does not load: " + error);
    engine = module;
    postMessage({ type: "ready", version: module.version(), rules: JSON.parse(module.rules()).length, from: "compiled" });
  }).catch((e) => postMessage({ type: "failed", message: String(e && e.message || e) }));
}

// Served over http(s), the worker loads its scripts, the module (page/) and the rules itself, the
// rules fetched while the module compiles. A page opened from file:// can fetch nothing: there
// the worker is a Blob of redact.js, the module's glue and this file (offline.js, KDIAG_BUNDLED
// set), and the page sends the module and the rules as bytes in a "boot" message.
if (!self.KDIAG_BUNDLED) {
  try {
    const compiled = fetch("kdiag_rules.bin").then((r) => (r.ok ? r.arrayBuffer() : null)).catch(() => null);
    importScripts("redact.js", "page/kdiag_wasm.js");
    boot({ locateFile: (file) => "page/" + file }, compiled);
  } catch (e) {
    postMessage({ type: "failed", message: String(e && e.message || e) });
  }
}

// Lets queued messages (cancel, a newer run) in before the next chunk. A MessageChannel hop is
// a task like the page's messages, without setTimeout's 4 ms clamp.
function yieldToMessages() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { channel.port1.close(); resolve(); };
    channel.port2.postMessage(0);
  });
}

// Line starts of bytes (offsets just after each '\n', the first line at 0): the engine's reader
// counts lines the same way (a CR inside a line is a progress update, not a new line).
function addStarts(bytes, from, to, starts) {
  let i = bytes.indexOf(10, from);
  while (i !== -1 && i < to) {
    if (i + 1 < bytes.length) starts.push(i + 1);
    i = bytes.indexOf(10, i + 1);
  }
}

async function run({ id, inputs, options }) {
  active = id;
  const started = performance.now();
  for (const input of inputs) {
    if (!input.pieces) continue;
    const parts = pieces.get(input.pieces.key) || [];
    pieces.delete(input.pieces.key);
    input.bytes = new TextEncoder().encode(parts.join("")).buffer;
  }
  const total = inputs.reduce((s, i) => s + i.bytes.byteLength, 0);
  const session = new engine.Run(JSON.stringify(options || {}));
  const learner = new kdiagRedact.Learner();
  const decoder = new TextDecoder("utf-8", { fatal: false });
  const out = [];
  let done = 0;
  try {
    for (const input of inputs) {
      const bytes = new Uint8Array(input.bytes);
      // A UTF-16 log (the engine's reader decodes it when a BOM says so) is shown from its UTF-8
      // transcoding: indexed and learned from after the engine has read it.
      const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : "";
      let starts = [0];
      session.begin(input.name);
      for (let off = 0; off < bytes.length; off += CHUNK) {
        if (active !== id) return postMessage({ type: "cancelled", id });
        // (A name cut in two by a chunk's end is learned from its other occurrences, or not.)
        const end = Math.min(bytes.length, off + CHUNK);
        const chunk = bytes.subarray(off, end);
        session.feed(chunk);
        if (!utf16) {
          addStarts(bytes, off, end, starts);
          learner.feed(decoder.decode(chunk, { stream: end < bytes.length }));
        }
        done += chunk.length;
        postMessage({ type: "progress", id, done, total });
        await yieldToMessages();
      }
      if (active !== id) return postMessage({ type: "cancelled", id });
      session.end();
      let shown = input.bytes;
      if (utf16) {
        const text = new TextDecoder(utf16).decode(bytes);
        learner.feed(text);
        const utf8 = new TextEncoder().encode(text);
        starts = [0];
        addStarts(utf8, 0, utf8.length, starts);
        shown = utf8.buffer;
      }
      out.push({ name: input.name, bytes: shown, starts: Uint32Array.from(starts) });
    }
    const json = session.finish();
    const transfer = [];
    for (const o of out) transfer.push(o.bytes, o.starts.buffer);
    postMessage({ type: "result", id, json, inputs: out, names: learner.names(), ms: performance.now() - started }, transfer);
  } catch (e) {
    postMessage({ type: "error", id, message: String(e && e.message || e) });
  } finally {
    session.delete();
    if (active === id) active = 0;
  }
}

onmessage = (event) => {
  const msg = event.data;
  if (msg.type === "boot") {
    boot({ wasmBinary: new Uint8Array(msg.wasm) }, Promise.resolve(msg.rules));
  } else if (msg.type === "piece") {
    // Keys are "run/text": the texts of a run that never came (superseded while being sent) are
    // dropped when a newer run's first piece arrives.
    const run = msg.key.split("/")[0];
    for (const k of pieces.keys()) if (k.split("/")[0] !== run) pieces.delete(k);
    if (!pieces.has(msg.key)) pieces.set(msg.key, []);
    pieces.get(msg.key).push(msg.text);
  } else if (msg.type === "cancel") {
    if (active === msg.id || msg.id === undefined) active = 0;
  } else if (msg.type === "run") {
    if (!engine) return postMessage({ type: "error", id: msg.id, message: "the engine is not loaded yet" });
    run(msg);
  }
};
