// The page: takes a log as bytes (files opened or dropped, a paste read from the clipboard event,
// or text typed into the box), hands them to the worker (transferred, never through the box),
// shows progress, then the verdict, every diagnosis, the log viewer and the exports.
// Everything shown or exported goes through one redactor (redact.js) while "Redact" is on.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const { makeRedactor, redactDeep } = self.kdiagRedact;
  const log = $("log"), status = $("status"), results = $("results"), button = $("diagnose");
  const PAGE = 10;                    // diagnoses shown at first, and per "Show more"
  const KEEP_BYTES = 1 << 20;         // logs up to this size survive a reload (sessionStorage)
  const LINK_BYTES = 256 << 10;       // and fit in a permalink
  const PREVIEW_LINES = 200, PREVIEW_CHARS = 16 << 10;
  const PIECE = 8 << 20;              // characters of a text per message to the worker

  let ready = false;
  let source = null;    // {kind: "files"|"paste", inputs: [{name, file}|{name, text}]}; null: the box's text
  let runId = 0, pending = 0;
  let shown = null;     // {json, result, inputs: [{name, bytes, starts, lines}], names, ms, restored}
  let redact = (s) => s;
  const opener = new Map();   // panel -> the element focus returns to when it closes

  // ---- the worker --------------------------------------------------------------------------
  let worker = null;
  const fileHint = "This page was opened as a file (file://) and could not start its engine here: " +
    "its offline.js is missing or this browser does not allow it. From the page's folder run " +
    "`python3 -m http.server 8000` and open http://localhost:8000/ — still nothing leaves your machine.";
  function engineFailed(why) {
    ready = false;
    button.disabled = true;
    setStatus(location.protocol === "file:" ? `${fileHint} (${why})` : "The diagnosis engine could not load: " + why, true);
    document.body.dataset.engine = "failed";
  }
  function startWorker(make) {
    try {
      worker = make();
      worker.onerror = (e) => { e.preventDefault(); engineFailed(e.message || "the worker did not start"); };
      worker.onmessage = onWorkerMessage;
    } catch (e) {
      engineFailed(String(e.message || e));
    }
  }
  function fromBase64(text) {
    const bin = atob(text), out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  if (location.protocol !== "file:") {
    startWorker(() => new Worker("worker.js"));
  } else {
    // A saved page can fetch nothing, not even its own worker: offline.js (build-wasm.sh) holds
    // the worker's code, the module and the rules; the worker starts from a Blob and gets the
    // module and the rules as bytes.
    const script = document.createElement("script");
    script.src = "offline.js";
    script.onload = () => {
      const bundle = self.kdiagOffline;
      startWorker(() => new Worker(URL.createObjectURL(new Blob([bundle.worker], { type: "text/javascript" }))));
      if (!worker) return;
      const wasm = fromBase64(bundle.wasm), rules = fromBase64(bundle.rules);
      worker.postMessage({ type: "boot", wasm: wasm.buffer, rules: rules.buffer }, [wasm.buffer, rules.buffer]);
    };
    script.onerror = () => engineFailed("offline.js did not load");
    document.head.append(script);
    setTimeout(() => { if (!ready && document.body.dataset.engine !== "failed") engineFailed("timeout"); }, 20000);
  }

  function onWorkerMessage(event) {
    const msg = event.data;
    if (msg.type === "ready") {
      ready = true;
      button.disabled = false;
      document.body.dataset.engine = "ready";
      document.body.dataset.readyMs = performance.now().toFixed(0);   // cold load, for the tests
      document.body.dataset.rulesFrom = msg.from;
      $("version").textContent = msg.version;
      if (!shown) setStatus(`Ready: ${msg.rules} rules loaded. Paste a log, open or drop files, or type and press Diagnose.`);
      else if (!pending) setStatus(status.textContent.replace(/ Loading the engine…$/, ""));
    } else if (msg.type === "failed") {
      engineFailed(msg.message);
    } else if (msg.id !== pending) {
      // a cancelled or superseded run: its news is dropped
    } else if (msg.type === "progress") {
      $("progress").value = msg.total ? msg.done / msg.total : 1;
      $("progress-text").textContent = `${mb(msg.done)} of ${mb(msg.total)}`;
    } else if (msg.type === "result") {
      endRun();
      const result = JSON.parse(msg.json);
      const inputs = msg.inputs.map((inp, i) => ({
        name: inp.name, bytes: new Uint8Array(inp.bytes), starts: inp.starts,
        lines: result.inputs[i] ? result.inputs[i].lines : inp.starts.length,
      }));
      show({ json: msg.json, result, inputs, names: msg.names, ms: msg.ms });
      setTimeout(remember, 0);   // a task of its own: storing up to 1 MB is not free
    } else if (msg.type === "error") {
      endRun();
      setStatus("Diagnosis failed: " + msg.message, true);
    }
  }

  // ---- helpers -----------------------------------------------------------------------------
  function setStatus(text, warn = false) {
    status.textContent = text;
    status.className = warn ? "warn" : "";
  }
  function mb(n) { return n >= 1 << 20 ? `${(n / 1048576).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(0)} KB` : `${n} bytes`; }
  function plural(n, one, many) { return `${n.toLocaleString()} ${n === 1 ? one : many}`; }
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (v !== undefined && v !== null) node.setAttribute(k, v);
    }
    for (const c of children) node.append(c);
    return node;
  }
  function clip(s, n = 160) { return s.length > n ? s.slice(0, n - 1) + "…" : s; }
  async function copyText(text) {
    try { await navigator.clipboard.writeText(text); return true; } catch { /* below */ }
    const area = el("textarea", { class: "visually-hidden" });
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
  function copyButton(text, label) {
    return el("button", {
      type: "button", class: "copy secondary", "aria-label": label,
      onclick: async (e) => {
        const b = e.currentTarget;
        b.textContent = (await copyText(text)) ? "Copied" : "Select and copy";
        setTimeout(() => { b.textContent = "Copy"; }, 2000);
      },
    }, "Copy");
  }

  // ---- input: paste, files, drop, typing ---------------------------------------------------
  function lineCount(text) {
    let n = 0;
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
    return n + (text.length && !text.endsWith("\n") ? 1 : 0);
  }
  function preview(text) {
    let end = 0;
    for (let k = 0; k < PREVIEW_LINES && end !== -1 && end < PREVIEW_CHARS; k++) end = text.indexOf("\n", end + 1);
    if (end === -1 || end >= text.length - 1) return text.length <= PREVIEW_CHARS ? text : text.slice(0, PREVIEW_CHARS);
    return text.slice(0, Math.min(end, PREVIEW_CHARS));
  }
  function setSource(next, note, boxText = "") {
    source = next;
    if (next && next.kind === "paste") next.preview = boxText;   // redacted when the results come
    log.value = boxText;
    log.readOnly = !!next;
    log.classList.toggle("preview", !!next);
    $("source").textContent = note;
  }
  function takePaste(text) {
    if (!text) return;
    // (Characters, not bytes: the status gives bytes later. Lines are counted here only for a
    // paste small enough to count at once; the status gives them for any.)
    const counted = text.length <= PIECE ? `, ${plural(lineCount(text), "line", "lines")}` : "";
    const head = preview(text);
    const whole = head.length === text.length;
    setSource({ kind: "paste", inputs: [{ name: "paste", text }] },
      `Pasted: ${mb(text.length)}${counted}.` +
      (whole ? "" : " The box shows the start; the diagnosis reads all of it.") + " Clear to type instead.",
      whole ? text : head + "\n…");
    diagnose();
  }
  function takeFiles(files) {
    files = [...files];
    if (!files.length) return;
    const total = files.reduce((s, f) => s + f.size, 0);
    const names = files.map((f) => f.name).join(", ");
    setSource({ kind: "files", inputs: files.map((f) => ({ name: f.name, file: f })) },
      `${files.length === 1 ? "File" : `${files.length} files, read in this order as one story`}: ${clip(names, 300)} (${mb(total)}).` +
      " Clear to type instead.",
      `[${files.length === 1 ? "file" : "files"}: ${names}]`);
    diagnose();
  }
  document.addEventListener("paste", (e) => {
    const t = e.target;
    if (t !== log && t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
    const data = e.clipboardData;
    if (!data) return;
    e.preventDefault();
    if (data.files && data.files.length) return takeFiles(data.files);
    takePaste(data.getData("text/plain"));
  });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const dt = e.dataTransfer;
    if (dt.files && dt.files.length) takeFiles(dt.files);
    else takePaste(dt.getData("text/plain"));
  });
  $("file").addEventListener("change", (e) => { takeFiles(e.target.files); e.target.value = ""; });
  log.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); diagnose(); } });

  // ---- runs --------------------------------------------------------------------------------
  async function diagnose() {
    if (!ready) return setStatus(worker ? "Still loading the diagnosis engine…" : status.textContent, !worker);
    const id = ++runId;
    if (pending) worker.postMessage({ type: "cancel", id: pending });
    pending = id;
    let inputs;
    if (source) {
      inputs = [];
      for (const inp of source.inputs) {
        // A file's bytes are read off the main thread and transferred; a paste goes as its text
        // (a copy of a string costs a memcpy) and the worker encodes it.
        if (inp.file) inputs.push({ name: inp.name, bytes: await inp.file.arrayBuffer() });
        else inputs.push({ name: inp.name, pieces: await sendText(id, inp.text) });
        if (pending !== id) return;   // cancelled or superseded while reading
      }
    } else {
      const text = log.value;
      if (!text.trim()) {
        pending = 0;
        clearResults();
        return setStatus("Paste a log, open a file or type one first: there is nothing to diagnose.", true);
      }
      inputs = [{ name: "paste", pieces: await sendText(id, text) }];
      if (pending !== id) return;
    }
    // (UTF-16 units for text: the worker's progress gives the bytes.)
    const total = inputs.reduce((s, i) => s + (i.bytes ? i.bytes.byteLength : i.pieces.length), 0);
    setStatus(`Diagnosing ${mb(total)}…`);
    $("progress").value = 0;
    $("progress-text").textContent = `0 of ${mb(total)}`;
    $("progress-box").hidden = false;
    $("cancel").hidden = false;
    worker.postMessage({ type: "run", id, inputs, options: { top: 0 } }, inputs.flatMap((i) => (i.bytes ? [i.bytes] : [])));
  }
  // Sends a text to the worker in pieces of PIECE characters, one task each: copying a string
  // into a message costs a memcpy, 0.1-0.2 s for 100 MB in one go. Returns what the run message
  // names the text by.
  let textCount = 0;
  async function sendText(id, text) {
    const key = `${id}/${++textCount}`;
    let count = 0;
    for (let at = 0; at < text.length || count === 0; at += PIECE, count++) {
      if (count) await new Promise((resolve) => setTimeout(resolve, 0));
      if (pending !== id) break;
      worker.postMessage({ type: "piece", key, text: text.slice(at, at + PIECE) });
    }
    return { key, count, length: text.length };
  }
  function endRun() {
    pending = 0;
    $("progress-box").hidden = true;
    $("cancel").hidden = true;
  }
  function cancel(message) {
    if (pending) worker.postMessage({ type: "cancel", id: pending });
    endRun();
    if (message) setStatus(message);
  }

  // ---- results -----------------------------------------------------------------------------
  function clearResults() {
    shown = null;
    results.replaceChildren();
    for (const id of ["verdict", "notes", "more", "actions", "viewer", "export-panel"]) $(id).hidden = true;
  }

  function verdictOf(result) {
    const d = result.diagnoses;
    const causes = d.filter((x) => x.severity === "error" || x.severity === "warning");
    if (causes.length) return { kind: "cause", text: `Found a likely cause: ${redact(causes[0].title)}` };
    if (d.length) return { kind: "notices", text: `Only notices: nothing here is known to make a build or boot fail (${plural(d.length, "notice", "notices")}).` };
    return { kind: "none", text: "Nothing known: no rule matched this log. Paste the whole log (make V=1 output, the full dmesg) rather than an excerpt." };
  }

  // A fix step in the rule's Markdown-ish text: the sentence with its `code` spans as inline code,
  // then each span that is a command (has a space: "make LLVM=1", not a path or an option) as a
  // code block with its own Copy button.
  function renderStep(text) {
    const para = el("p"), commands = [];
    let at = 0;
    const re = /`([^`]+)`/g;
    for (let m; (m = re.exec(text)); ) {
      para.append(text.slice(at, m.index), el("code", {}, m[1]));
      at = m.index + m[0].length;
      if (/\S\s+\S/.test(m[1].trim())) commands.push(m[1]);
    }
    para.append(text.slice(at));
    const li = el("li", {}, para);
    for (const code of commands) {
      li.append(el("div", { class: "cmd" }, el("pre", {}, el("code", {}, code)),
        copyButton(code, `Copy command: ${clip(code, 120)}`)));
    }
    return li;
  }

  function card(d, i) {
    const fix = el("ol", { class: "fix" });
    for (const step of d.fix) fix.append(renderStep(redact(step)));
    const evidence = el("ul", { class: "evidence" });
    for (const e of d.evidence) {
      const text = redact(e.text), name = redact(e.input);
      const where = shown.inputs.length > 1 ? `${name}:${e.line}` : `line ${e.line}`;
      evidence.append(el("li", {}, el("button", {
        type: "button", "data-input": name, "data-line": e.line,
        "aria-label": `Show ${where} in the log viewer: ${clip(text)}`,
        onclick: (ev) => openViewer(e.input, e.line, ev.currentTarget),
      }, el("span", { class: "ln" }, where), text)));
    }
    const refs = el("ul", { class: "refs" });
    for (const r of d.references) refs.append(el("li", {}, el("a", { href: r, target: "_blank", rel: "noopener noreferrer" }, r)));
    const idNode = d.references.length
      ? el("a", { class: "rule-id", href: d.references[0], target: "_blank", rel: "noopener noreferrer",
                  title: "the rule's first reference (opens in a new tab)" }, d.id)
      : el("span", { class: "rule-id" }, d.id);
    return el("li", { class: `card ${d.severity}`, "data-rule": d.id },
      el("h3", { tabindex: "-1" }, `${i + 1}. ${redact(d.title)}`),
      el("div", { class: "meta" }, el("span", { class: `badge ${d.severity}` }, d.severity), idNode,
        el("span", {}, `score ${d.score.toFixed(2)}`)),
      el("p", { class: "cause" }, redact(d.cause)),
      el("h4", {}, "Fix"), fix,
      el("h4", {}, "Evidence"), evidence,
      ...(d.references.length ? [el("h4", {}, "References"), refs] : []));
  }

  function showMore() {
    const d = shown.result.diagnoses, from = results.children.length;
    for (let i = from; i < Math.min(d.length, from + PAGE); i++) results.append(card(d[i], i));
    const left = d.length - results.children.length;
    $("more").hidden = left <= 0;
    $("more").textContent = `Show ${Math.min(left, PAGE)} more (${left} not shown)`;
    return from;
  }

  function show(next) {
    shown = next;
    redact = $("redact").checked ? makeRedactor(shown.names) : (s) => s;
    const { result, ms } = shown;
    // A pasted log's preview is shown too: redacted with the names the run learned.
    if (source && source.preview !== undefined) log.value = redactLog(source.preview);
    results.replaceChildren();
    $("export-panel").hidden = true;
    const n = result.diagnoses.length;
    const lines = result.inputs.reduce((s, i) => s + i.lines, 0);
    const bytes = result.inputs.reduce((s, i) => s + (i.bytes || 0), 0);
    const v = verdictOf(result);
    const verdict = $("verdict");
    verdict.className = `verdict ${v.kind}`;
    verdict.textContent = v.text;
    verdict.hidden = false;
    verdict.dataset.kind = v.kind;
    const notes = $("notes");
    notes.replaceChildren(...(result.notes || []).map((t) => el("li", {}, redact(t))));
    notes.hidden = !notes.children.length;
    showMore();
    $("actions").hidden = false;
    $("open-viewer").hidden = !shown.inputs.length;
    const when = ms === undefined ? "restored" : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;
    setStatus(`${plural(n, "diagnosis", "diagnoses")} in ${plural(lines, "line", "lines")}` +
      ` (${mb(bytes)}${result.inputs.length > 1 ? `, ${result.inputs.length} inputs` : ""}; ${when})` +
      (n > 1 ? ", best first." : ".") + (ready ? "" : " Loading the engine…"));
    loadViewer();
  }

  // ---- log viewer --------------------------------------------------------------------------
  const viewer = new LogViewer({ scroll: $("viewer-scroll"), rows: $("viewer-rows"), spacer: $("viewer-spacer"),
                                 onStatus: (t) => { $("viewer-status").textContent = t; } });
  function loadViewer() {
    const evidence = shown.inputs.map(() => new Set());
    for (const d of shown.result.diagnoses) {
      for (const e of d.evidence) {
        const i = shown.inputs.findIndex((inp) => inp.name === e.input);
        if (i !== -1) evidence[i].add(e.line);
      }
    }
    viewer.setInputs(shown.inputs.map((inp, i) => ({ ...inp, evidence: evidence[i] })));
    viewer.setRedactor(redact);
    const select = $("viewer-input");
    select.replaceChildren(...shown.inputs.map((inp, i) => el("option", { value: i }, redact(inp.name))));
    $("viewer-input-label").hidden = shown.inputs.length < 2;
  }
  function openPanel(panel, from) {
    opener.set(panel, from || document.activeElement);
    panel.hidden = false;
  }
  function closePanel(panel) {
    panel.hidden = true;
    const back = opener.get(panel);
    opener.delete(panel);
    if (back && back.isConnected && !back.closest("[hidden]")) back.focus();
  }
  function openViewer(inputName, line, from) {
    if (!shown || !shown.inputs.length) return;
    const i = Math.max(0, shown.inputs.findIndex((inp) => inp.name === inputName));
    if ($("viewer").hidden) openPanel($("viewer"), from);
    else opener.set($("viewer"), from);
    $("viewer-input").value = String(i);
    viewer.goTo(i, line || 1);
    $("viewer-scroll").focus({ preventScroll: true });
    $("viewer").scrollIntoView({ block: "nearest" });
    $("viewer-status").textContent = line ? `Line ${line} of ${redact(shown.inputs[i].name)}` : "";
  }
  $("open-viewer").addEventListener("click", (e) => openViewer(shown.inputs[0].name, 0, e.currentTarget));
  $("viewer-close").addEventListener("click", () => closePanel($("viewer")));
  $("viewer-input").addEventListener("change", (e) => viewer.show(Number(e.target.value)));
  $("search-form").addEventListener("submit", (e) => { e.preventDefault(); viewer.find($("search").value, 1); });
  $("search-prev").addEventListener("click", () => viewer.find($("search").value, -1));
  $("goto-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const n = parseInt($("goto").value, 10);
    if (Number.isFinite(n) && viewer.goTo(viewer.current, n)) {
      $("viewer-status").textContent = `Line ${Math.min(n, viewer.count())} of ${viewer.count().toLocaleString()}`;
    }
  });

  // ---- export ------------------------------------------------------------------------------
  function fence(text) {
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    return "`".repeat(longest + 1);
  }
  function exportJson() {
    if (!$("redact").checked) return shown.json.endsWith("\n") ? shown.json : shown.json + "\n";
    const keep = new Set(["references", "id", "severity", "kdiag"]);
    return JSON.stringify(redactDeep(shown.result, redact, keep), null, 2) + "\n";
  }
  // Rule and log text as Markdown that shows exactly its characters: the rule's `code` spans stay
  // code, elsewhere what could start markup or raw HTML ("<board>.dtb", "rust/*.rmeta") is
  // backslash-escaped (as the engine's GitHub summary does, engine/render/markdown.h).
  function mdText(text) {
    return text.split(/(`[^`\n]+`)/).map((part, i) => (i % 2 ? part : part.replace(/[\\`*_[\]<>|~#&!]/g, "\\$&"))).join("");
  }
  function mdCode(text) { const f = "`".repeat(Math.max(1, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1))); return `${f}${text}${f}`; }
  function exportMarkdown() {
    const r = shown.result, v = verdictOf(r);
    const lines = r.inputs.reduce((s, i) => s + i.lines, 0);
    const out = [`## kdiag ${r.kdiag}: ${mdText(v.text)}`, "",
      `${plural(r.diagnoses.length, "diagnosis", "diagnoses")} in ${plural(lines, "line", "lines")} of ` +
      r.inputs.map((i) => mdCode(redact(i.name))).join(", ") + ".", ""];
    for (const t of r.notes || []) out.push(`> Note: ${mdText(redact(t))}`, "");
    r.diagnoses.forEach((d, i) => {
      out.push(`### ${i + 1}. ${d.severity.toUpperCase()} \`${d.id}\`: ${mdText(redact(d.title))}`, "",
        `Score ${d.score.toFixed(2)}. ${mdText(redact(d.cause))}`, "", "**Fix**", "");
      d.fix.forEach((s, k) => out.push(`${k + 1}. ${mdText(redact(s))}`));
      const ev = d.evidence.map((e) => `${redact(e.input)}:${e.line}: ${redact(e.text)}`).join("\n");
      const f = fence(ev);
      out.push("", "**Evidence**", "", f + "text", ev, f, "");
      if (d.references.length) out.push("**References**: " + d.references.map((u) => `<${u}>`).join(" "), "");
    });
    return out.join("\n");
  }
  function showExport(title, text, file, type, from) {
    $("export-title").textContent = title;
    $("export-text").value = text;
    const a = $("export-download");
    if (a.href.startsWith("blob:")) URL.revokeObjectURL(a.href);
    a.href = URL.createObjectURL(new Blob([text], { type }));
    a.download = file;
    openPanel($("export-panel"), from);
    $("export-text").focus();
    $("export-text").select();
  }
  $("export-md").addEventListener("click", (e) => showExport("Markdown (for an issue or a chat)", exportMarkdown(), "kdiag.md", "text/markdown", e.currentTarget));
  $("export-json").addEventListener("click", (e) => showExport("JSON (kdiag --format json)", exportJson(), "kdiag.json", "application/json", e.currentTarget));
  $("export-copy").addEventListener("click", async (e) => {
    e.currentTarget.textContent = (await copyText($("export-text").value)) ? "Copied" : "Select and copy";
  });
  $("export-close").addEventListener("click", () => closePanel($("export-panel")));

  // ---- permalink and reload ----------------------------------------------------------------
  function b64url(bytes) {
    let s = "";
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function unb64url(s) {
    const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  async function pipe(bytes, stream) {
    return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
  }
  const logBytes = () => shown.inputs.reduce((s, i) => s + i.bytes.length, 0);
  // What a permalink or a reload keeps: the log (redacted if Redact is on, for a link) and the
  // results as shown.
  function snapshot(forLink) {
    const dec = new TextDecoder();
    const r = forLink && $("redact").checked;
    return {
      v: 1, redacted: r, names: r ? { users: [], hosts: [] } : shown.names,
      json: r ? exportJson() : shown.json,
      inputs: shown.inputs.map((i) => ({ name: r ? redact(i.name) : i.name, text: r ? redactLog(dec.decode(i.bytes)) : dec.decode(i.bytes) })),
    };
  }
  // Line by line, so the redacted log keeps the CLI's numbering (no pattern spans two lines).
  function redactLog(text) { return text.split("\n").map(redact).join("\n"); }
  function restore(snap, how) {
    const enc = new TextEncoder();
    const result = JSON.parse(snap.json);
    const inputs = snap.inputs.map((inp, i) => {
      const bytes = enc.encode(inp.text), starts = [0];
      for (let k = bytes.indexOf(10); k !== -1; k = bytes.indexOf(10, k + 1)) if (k + 1 < bytes.length) starts.push(k + 1);
      return { name: inp.name, bytes, starts: Uint32Array.from(starts), lines: result.inputs[i] ? result.inputs[i].lines : starts.length };
    });
    if (snap.redacted) $("redact").checked = true;
    if (inputs.length) {
      const text = snap.inputs.map((i) => i.text).join("");
      setSource({ kind: "paste", inputs: snap.inputs.map((i) => ({ name: i.name, text: i.text })) },
        `${how}: ${mb(text.length)}, ${plural(inputs.reduce((s, i) => s + i.lines, 0), "line", "lines")}. Clear to start again.`,
        preview(text));
    }
    show({ json: snap.json, result, inputs, names: snap.names || { users: [], hosts: [] }, restored: how });
  }
  $("permalink").addEventListener("click", async (e) => {
    const from = e.currentTarget;
    if (logBytes() > LINK_BYTES) {
      $("export-status").textContent = `The log is ${mb(logBytes())}: too big for a link (at most ${mb(LINK_BYTES)}). Export Markdown or JSON instead.`;
      return;
    }
    const packed = await pipe(new TextEncoder().encode(JSON.stringify(snapshot(true))), new CompressionStream("deflate-raw"));
    const url = `${location.href.split("#")[0]}#z=${b64url(packed)}`;
    history.replaceState(null, "", url);
    showExport(`Permalink (${mb(url.length)}; the log and results live in the link's #fragment, which browsers never send to a server)`,
      url, "kdiag-link.txt", "text/plain", from);
  });
  function remember() {
    try {
      // A bigger log keeps only its results (decoding it just to drop it took 0.5 s at 100 MB).
      const snap = logBytes() <= KEEP_BYTES ? snapshot(false)
        : { v: 1, redacted: false, names: shown.names, json: shown.json, inputs: [] };
      sessionStorage.setItem("kdiag.last", JSON.stringify(snap));
    } catch { /* storage full or off: the results just do not survive a reload */ }
  }
  async function restoreOnLoad() {
    const m = location.hash.match(/^#z=([A-Za-z0-9_-]+)$/);
    if (m) {
      try {
        const json = new TextDecoder().decode(await pipe(unb64url(m[1]), new DecompressionStream("deflate-raw")));
        return restore(JSON.parse(json), "From the permalink");
      } catch (e) {
        return setStatus("This permalink could not be read (cut short when copied?): " + e.message, true);
      }
    }
    try {
      const saved = sessionStorage.getItem("kdiag.last");
      if (saved) restore(JSON.parse(saved), "Kept from before the reload");
    } catch { /* nothing kept */ }
  }

  // ---- controls ----------------------------------------------------------------------------
  button.addEventListener("click", diagnose);
  $("cancel").addEventListener("click", () => { cancel("Cancelled."); log.focus(); });
  $("clear").addEventListener("click", () => {
    cancel();
    setSource(null, "");
    clearResults();
    sessionStorage.removeItem("kdiag.last");
    if (location.hash) history.replaceState(null, "", location.href.split("#")[0]);
    setStatus(ready ? "Cleared." : status.textContent);
    log.focus();
  });
  $("more").addEventListener("click", () => {
    const first = showMore();
    results.children[first]?.querySelector("h3")?.focus();
  });
  $("redact").addEventListener("change", () => { if (shown) { const s = shown; show(s); } });
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    for (const panel of [$("export-panel"), $("viewer")]) {
      if (!panel.hidden) { e.preventDefault(); closePanel(panel); return; }
    }
    if (pending) cancel("Cancelled.");
  });
  // A permalink pasted into the address bar of an open page changes only the fragment.
  window.addEventListener("hashchange", restoreOnLoad);
  restoreOnLoad();
})();
