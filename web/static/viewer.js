// The log viewer: the bytes of each input as the engine read them, numbered as the CLI numbers
// them (a line ends at '\n'; a CR inside it is a progress update: the text after the last CR is
// what the line shows, as the engine's reader keeps it). Virtualised: only the rows in view (and
// a few around them) are in the DOM, decoded from the bytes when they scroll in, so a 100 MB log
// costs its bytes and one 4-byte offset per line. Evidence lines are highlighted; search runs in
// time slices so the page never stalls.
"use strict";
(function (global) {
  const ROW = 20;                 // px, fixed (style.css .vrow)
  const MAX_HEIGHT = 30_000_000;  // below Chromium's limit for an element's height
  const MAX_CHARS = 4000;         // a row shows this much of a longer line
  const ANSI = /\x1b\[[0-9;?]*[ -\/]*[@-~]|\x1b[@-Z\\-_]/g;

  const decoder = new TextDecoder("utf-8");

  class LogViewer {
    // scroll: the scrolling element; rows: the element rows go into; spacer: sets the height.
    constructor({ scroll, rows, spacer, onStatus }) {
      Object.assign(this, { scroll, rows, spacer, onStatus: onStatus || (() => {}) });
      this.inputs = [];
      this.current = 0;                // index of the input shown
      this.focusLine = 0;              // line number (1-based) last jumped to
      this.redact = (s) => s;
      this.search = { query: "", matches: [], at: -1, token: 0 };
      scroll.addEventListener("scroll", () => this.paint(), { passive: true });
      new ResizeObserver(() => this.paint()).observe(scroll);
    }

    // inputs: [{name, bytes: Uint8Array, starts: Uint32Array, lines, evidence: Set of line numbers}]
    setInputs(inputs) {
      this.inputs = inputs;
      this.current = 0;
      this.focusLine = 0;
      this.clearSearch();
      this.layout();
    }
    setRedactor(redact) { this.redact = redact; this.paint(); }
    count(i = this.current) { const inp = this.inputs[i]; return inp ? inp.lines : 0; }

    // The text of line n (1-based) of input i, as shown (CR progress and ANSI colours resolved).
    lineText(i, n) {
      const inp = this.inputs[i];
      if (!inp || n < 1 || n > inp.lines) return "";
      const from = inp.starts[n - 1];
      let to = n < inp.starts.length ? inp.starts[n] : inp.bytes.length;
      if (to > from && inp.bytes[to - 1] === 10) to--;
      if (to - from > MAX_CHARS * 4) to = from + MAX_CHARS * 4;
      let text = decoder.decode(inp.bytes.subarray(from, to));
      text = text.replace(/\r+$/, "");
      const cr = text.lastIndexOf("\r");
      if (cr !== -1) text = text.slice(cr + 1);
      text = text.replace(ANSI, "");
      return text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) + " …" : text;
    }
    shownText(i, n) { return this.redact(this.lineText(i, n)); }

    show(i) { if (i !== this.current) { this.current = i; this.focusLine = 0; this.clearSearch(); this.layout(); } }

    layout() {
      const n = this.count();
      this.spacer.style.height = Math.min(n * ROW, MAX_HEIGHT) + "px";
      this.scroll.scrollTop = 0;
      this.paint();
    }

    // Which line is at the top for the current scroll position, and back.
    scaled() { return this.count() * ROW > MAX_HEIGHT; }
    visibleRows() { return Math.max(1, Math.ceil(this.scroll.clientHeight / ROW)); }
    topLine() {
      const n = this.count(), top = this.scroll.scrollTop;
      if (!this.scaled()) return Math.floor(top / ROW);
      const room = MAX_HEIGHT - this.scroll.clientHeight;
      return Math.round((top / Math.max(1, room)) * Math.max(0, n - this.visibleRows()));
    }
    scrollToTop(line0) {
      const n = this.count();
      if (!this.scaled()) this.scroll.scrollTop = line0 * ROW;
      else this.scroll.scrollTop = (line0 / Math.max(1, n - this.visibleRows())) * (MAX_HEIGHT - this.scroll.clientHeight);
    }

    paint() {
      const inp = this.inputs[this.current];
      if (!inp) { this.rows.replaceChildren(); return; }
      const n = this.count(), first = Math.max(0, this.topLine() - 5);
      const last = Math.min(n, this.topLine() + this.visibleRows() + 5);
      const base = this.scaled() ? this.scroll.scrollTop - (this.topLine() - first) * ROW : first * ROW;
      this.rows.style.transform = `translateY(${base}px)`;
      const width = String(n).length;
      const query = this.search.query.toLowerCase();
      const frag = document.createDocumentFragment();
      for (let k = first; k < last; k++) {
        const line = k + 1;
        const row = document.createElement("div");
        row.className = "vrow";
        row.dataset.line = line;
        if (inp.evidence.has(line)) row.classList.add("evidence");
        if (line === this.focusLine) row.classList.add("focus");
        const ln = document.createElement("span");
        ln.className = "vln";
        ln.textContent = String(line).padStart(width);
        ln.setAttribute("aria-hidden", "true");
        const tx = document.createElement("span");
        tx.className = "vtx";
        const text = this.shownText(this.current, line);
        if (query && text.toLowerCase().includes(query)) {
          row.classList.add("match");
          let at = 0;
          const lower = text.toLowerCase();
          for (let j = lower.indexOf(query); j !== -1; j = lower.indexOf(query, j + query.length)) {
            tx.append(text.slice(at, j), Object.assign(document.createElement("mark"), { textContent: text.slice(j, j + query.length) }));
            at = j + query.length;
          }
          tx.append(text.slice(at));
        } else {
          tx.textContent = text;
        }
        row.append(ln, tx);
        if (inp.evidence.has(line)) row.setAttribute("aria-label", `line ${line}, evidence: ${text}`);
        frag.append(row);
      }
      this.rows.replaceChildren(frag);
    }

    // Scrolls line (1-based) of input i into view, a third of the way down, and marks it.
    goTo(i, line) {
      this.show(i);
      const n = this.count();
      if (!n) return false;
      line = Math.min(Math.max(1, line), n);
      this.focusLine = line;
      this.scrollToTop(Math.max(0, line - 1 - Math.floor(this.visibleRows() / 3)));
      this.paint();
      return true;
    }

    clearSearch() { this.search = { query: "", matches: [], at: -1, token: this.search ? this.search.token + 1 : 0 }; }

    // Finds query in the current input (case-insensitive), in slices of ~8 ms; jumps to the first
    // match after the line in focus as soon as it is found. dir: +1 next, -1 previous.
    find(query, dir = 1) {
      if (!query) { this.clearSearch(); this.paint(); this.onStatus(""); return; }
      const s = this.search;
      if (s.query === query && s.done) return this.step(dir);
      if (s.query === query && !s.done) return;   // still scanning: it jumps when it finds one
      const token = s.token + 1;
      this.search = { query, matches: [], at: -1, token, done: false };
      const lower = query.toLowerCase(), n = this.count(), from = this.focusLine;
      let line = 1, jumped = false;
      const slice = () => {
        if (this.search.token !== token) return;
        const stop = performance.now() + 8;
        while (line <= n && performance.now() < stop) {
          for (let k = 0; k < 500 && line <= n; k++, line++) {
            if (this.lineText(this.current, line).toLowerCase().includes(lower) &&
                this.shownText(this.current, line).toLowerCase().includes(lower)) {
              this.search.matches.push(line);
            }
          }
          if (!jumped) {
            const at = this.search.matches.findIndex((m) => m > from);
            if (at !== -1) { jumped = true; this.search.at = at; this.goTo(this.current, this.search.matches[at]); }
          }
        }
        const m = this.search.matches;
        if (line <= n) {
          this.onStatus(`Searching… ${m.length.toLocaleString()} found so far`);
          setTimeout(slice, 0);
          return;
        }
        this.search.done = true;
        if (!jumped && m.length) { this.search.at = 0; this.goTo(this.current, m[0]); }
        this.report();
        this.paint();
      };
      slice();
    }
    step(dir) {
      const m = this.search.matches;
      if (!m.length) return this.report();
      this.search.at = (this.search.at + dir + m.length) % m.length;
      this.goTo(this.current, m[this.search.at]);
      this.report();
    }
    report() {
      const m = this.search.matches;
      this.onStatus(m.length ? `Match ${this.search.at + 1} of ${m.length.toLocaleString()} (line ${m[this.search.at]})`
                             : `No line contains “${this.search.query}”`);
    }
  }

  global.LogViewer = LogViewer;
})(self);
