// End-to-end test of the web page in Debian's headless Chromium: paste real corpus logs, check
// the top diagnosis of each, the empty-input message, redaction, and take screenshots.
// Usage: node browser-test.mjs CORPUS_DIR SCREENSHOT_DIR
import { createServer } from "node:http";
import { readFileSync, mkdirSync, existsSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const [corpus, shots] = process.argv.slice(2);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const dist = path.join(root, "web/dist");
mkdirSync(shots, { recursive: true });

const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };
const server = createServer((req, res) => {
  const file = path.join(dist, path.normalize(decodeURIComponent(req.url.split("?")[0])).replace(/^\/+$/, "/index.html"));
  if (!file.startsWith(dist) || !existsSync(file)) { res.writeHead(404); return res.end(); }
  res.writeHead(200, { "Content-Type": types[path.extname(file)] || "application/octet-stream" });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const url = `http://127.0.0.1:${server.address().port}/index.html`;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
let failed = 0, passed = 0;
const check = (ok, what) => { if (ok) passed++; else { failed++; console.log(`FAIL: ${what}`); } };

try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on("pageerror", (e) => { failed++; console.log(`FAIL: page error ${e}`); });
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Ready"), null, { timeout: 60000 });
  console.log(`loaded: ${await page.textContent("#status")}`);

  // Empty input: a clear message, no results.
  await page.click("#diagnose");
  check((await page.textContent("#status")).includes("nothing to diagnose"), "empty-input message");
  check((await page.locator("#results > li").count()) === 0, "no results for empty input");

  const cases = [
    "rust-target-json-missing-e1000",
    "efistub-hang-custom-rust-kernel-missing-nvme",
    "initramfs-mkinitcpio-fsck-btrfs-helper-missing",
  ];
  for (const name of cases) {
    const meta = readFileSync(path.join(corpus, name, "meta.yaml"), "utf8");
    const expected = meta.match(/^\s*top:\s*\[([^\]]*)\]/m)[1].split(",").map((s) => s.trim()).filter(Boolean);
    await page.fill("#log", readFileSync(path.join(corpus, name, "log.txt"), "utf8"));
    await page.click("#diagnose");
    await page.waitForSelector("#results > li.card", { timeout: 30000 });
    const top = await page.getAttribute("#results > li.card >> nth=0", "data-rule");
    check(expected.includes(top), `${name}: top diagnosis ${top}, expected one of ${expected}`);
    console.log(`${name}: ${top}`);
    await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  }

  // Clicking an evidence line shows it in context.
  await page.click("#results .evidence button >> nth=0");
  check(await page.isVisible("#context"), "evidence opens the context view");
  check((await page.locator("#context mark").count()) === 1, "context marks the evidence line");

  // Redaction of home-directory user names in the evidence shown.
  await page.fill("#log", "/home/alice/mod/x.c:3:1: error: expected ';' before '}' token\nmake: *** [Makefile:6: all] Error 2\n");
  await page.check("#redact");
  await page.click("#diagnose");
  await page.waitForSelector("#results > li.card");
  const evidence = await page.textContent("#results .evidence");
  check(evidence.includes("/home/<user>/") && !evidence.includes("alice"), `redaction: ${evidence}`);
  await page.uncheck("#redact");

  // A 1 MB log: time from click to the diagnosis shown.
  const base = readFileSync(path.join(corpus, "rust-target-json-missing-e1000", "log.txt"), "utf8");
  const filler = "  CC [M]  drivers/net/ethernet/intel/e1000e/netdev.o\n";
  const big = filler.repeat(Math.ceil((1 << 20) / filler.length)) + base;
  // Set the value directly: typing a megabyte through fill() is slow in itself (a paste is not).
  await page.$eval("#log", (el, text) => { el.value = text; }, big);
  const t0 = Date.now();
  await page.click("#diagnose");
  await page.waitForFunction(() => /diagnos(is|es) in/.test(document.getElementById("status").textContent), null, { timeout: 60000 });
  const ms = Date.now() - t0;
  check((await page.getAttribute("#results > li.card >> nth=0", "data-rule")) === "rust.target-json-missing", "1 MB log diagnosis");
  console.log(`1 MB log (${(big.length / 1048576).toFixed(2)} MiB): ${ms} ms from click to result; ${await page.textContent("#status")}`);

  // Phone-sized screen.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await phone.goto(url);
  await phone.waitForFunction(() => document.getElementById("status").textContent.startsWith("Ready"), null, { timeout: 60000 });
  await phone.fill("#log", readFileSync(path.join(corpus, cases[1], "log.txt"), "utf8"));
  await phone.click("#diagnose");
  await phone.waitForSelector("#results > li.card");
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  check(!overflow, "no horizontal scrolling on a phone-sized screen");
  await phone.screenshot({ path: path.join(shots, "phone.png"), fullPage: true });
} finally {
  await browser.close();
  server.close();
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
