// The page: reads the paste or a file, asks the worker for a diagnosis, shows ranked cards.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const log = $("log"), status = $("status"), results = $("results"), button = $("diagnose");
  let lines = [];           // the text last diagnosed, split in lines, for the context view
  let pending = 0;
  let ready = false;

  const worker = new Worker("worker.js");
  worker.onmessage = (event) => {
    const msg = event.data;
    if (msg.type === "ready") {
      ready = true;
      button.disabled = false;
      $("version").textContent = msg.version;
      setStatus(`Ready: ${msg.rules} rules loaded. Paste a log and press Diagnose.`);
    } else if (msg.type === "failed") {
      setStatus("The diagnosis engine could not load: " + msg.message, true);
    } else if (msg.type === "result" && msg.id === pending) {
      button.disabled = false;
      if (msg.error) return setStatus("Diagnosis failed: " + msg.error, true);
      render(msg.result, msg.ms);
    }
  };

  function setStatus(text, warn = false) {
    status.textContent = text;
    status.className = warn ? "warn" : "";
  }

  function diagnose() {
    const text = log.value;
    if (!text.trim()) {
      results.replaceChildren();
      return setStatus("Paste a log or open a file first: there is nothing to diagnose.", true);
    }
    if (!ready) return setStatus("Still loading the diagnosis engine…");
    lines = text.split(/\r?\n/);
    pending += 1;
    button.disabled = true;
    setStatus(`Diagnosing ${lines.length.toLocaleString()} lines…`);
    worker.postMessage({ id: pending, text, options: { top: 10, name: "paste" } });
  }

  // Redaction for sharing screenshots: e-mail addresses, host names in journal/prompt prefixes,
  // and user names in home directories.
  function redact(text) {
    if (!$("redact").checked) return text;
    return text
      .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, "<email>")
      .replace(/\b([A-Za-z0-9._-]+)@([A-Za-z0-9._-]+):/g, "<user>@<host>:")
      .replace(/^([A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)?) \S+ /, "$1 <host> ")
      .replace(/(\/home\/|\/Users\/)[^/\s'"`]+/g, "$1<user>");
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c);
    return node;
  }

  function copyButton(text) {
    return el("button", {
      type: "button", class: "copy secondary", "aria-label": "Copy this step",
      onclick: async (e) => {
        try { await navigator.clipboard.writeText(text); e.target.textContent = "Copied"; }
        catch { e.target.textContent = "Select and copy"; }
      },
    }, "Copy");
  }

  function showContext(line) {
    const from = Math.max(0, line - 8), to = Math.min(lines.length, line + 7);
    const pre = $("context-text");
    pre.replaceChildren();
    for (let i = from; i < to; i++) {
      const text = `${String(i + 1).padStart(6)}  ${redact(lines[i])}\n`;
      pre.append(i + 1 === line ? el("mark", {}, text) : text);
    }
    $("context-title").textContent = `Lines ${from + 1}–${to} of the log`;
    $("context").hidden = false;
    pre.focus();
  }

  function render(result, ms) {
    results.replaceChildren();
    $("context").hidden = true;
    const n = result.diagnoses.length;
    const lineCount = result.inputs.reduce((s, i) => s + i.lines, 0);
    if (n === 0) {
      setStatus(`No known cause found in ${lineCount.toLocaleString()} lines (${ms.toFixed(0)} ms). ` +
        "Paste the whole log (make V=1 output, the full dmesg) rather than an excerpt.");
      return;
    }
    setStatus(`${n} diagnos${n === 1 ? "is" : "es"} in ${lineCount.toLocaleString()} lines (${ms.toFixed(0)} ms), best first.`);
    result.diagnoses.forEach((d, i) => {
      const fix = el("ol", { class: "fix" });
      for (const step of d.fix) fix.append(el("li", {}, el("div", { class: "step" }, el("code", {}, step), copyButton(step))));
      const evidence = el("ul", { class: "evidence" });
      for (const e of d.evidence) {
        evidence.append(el("li", {}, el("button", {
          type: "button", "aria-label": `Show line ${e.line} in context`, onclick: () => showContext(e.line),
        }, el("span", { class: "ln" }, `line ${e.line}`), redact(e.text))));
      }
      const refs = el("ul", {});
      for (const r of d.references) refs.append(el("li", {}, el("a", { href: r, rel: "noopener noreferrer" }, r)));
      results.append(el("li", { class: `card ${d.severity}`, "data-rule": d.id },
        el("h3", {}, `${i + 1}. ${d.title}`),
        el("div", { class: "meta" }, el("span", { class: `badge ${d.severity}` }, d.severity),
          el("span", { class: "rule-id" }, d.id), el("span", {}, `score ${d.score.toFixed(2)}`)),
        el("p", {}, d.cause),
        el("h4", {}, "Fix"), fix,
        el("h4", {}, "Evidence"), evidence,
        ...(d.references.length ? [el("h4", {}, "References"), refs] : [])));
    });
    results.firstElementChild?.querySelector("h3")?.setAttribute("tabindex", "-1");
  }

  async function loadFile(file) {
    if (!file) return;
    setStatus(`Reading ${file.name}…`);
    log.value = await file.text();
    diagnose();
  }

  button.addEventListener("click", diagnose);
  $("clear").addEventListener("click", () => { log.value = ""; results.replaceChildren(); setStatus(ready ? "Cleared." : ""); log.focus(); });
  $("file").addEventListener("change", (e) => loadFile(e.target.files[0]));
  $("context-close").addEventListener("click", () => { $("context").hidden = true; });
  $("redact").addEventListener("change", () => { if (lines.length && results.children.length) diagnose(); });
  log.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) diagnose(); });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); loadFile(e.dataTransfer.files[0]); });
})();
