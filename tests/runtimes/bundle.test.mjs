// Browser: bundle/app.js imports "botpress-chat-wasm" by name and is bundled by esbuild for
// the browser (the exports map's "browser" condition, entry/browser.js); the page runs in
// Debian's Chromium through playwright-core and calls the emulator, a cross-origin fetch
// (the emulator sends CORS headers).
//
// esbuild leaves `new URL("…wasm", import.meta.url)` as it is (it neither rewrites nor copies
// the asset), so after bundling the URL is relative to the bundle: the .wasm goes beside the
// bundle, where the web glue's default `new URL("botpress_chat_wasm_bg.wasm", import.meta.url)`
// fetches it. The bundle is served from assets/, not the server root, so a URL that only
// works at the root (such as "../…wasm") would be caught.
//
// A second page loads the same app unbundled, the package mapped by an import map to the file
// its exports map names for "browser", as a no-build page or the demo does.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, createReadStream, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";
import { ROOT, startEmulator } from "../js/helpers/emulator.mjs";
import { expectScenario, pinned } from "./helpers/expect.mjs";

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const PKG_DIR = realpathSync(path.join(ROOT, "node_modules", "botpress-chat-wasm"));
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
};
const MSG_URL_PATH = "/v1/chat/messages/get-or-create";

let emu;
let root; // the build output: index.html, assets/app.js, assets/*.wasm
let server;
let browser;
let served = [];

/** /pkg/… is the installed package, /src/… is tests/runtimes/, anything else the build output. */
function fileFor(urlPath) {
  let rel = decodeURIComponent(urlPath).replace(/^\/+/, "");
  if (rel === "" || rel.endsWith("/")) rel += "index.html";
  if (rel.split("/").some((s) => s === ".." || s === "")) return null;
  if (rel.startsWith("pkg/")) return path.join(PKG_DIR, rel.slice(4));
  if (rel.startsWith("src/")) return path.join(HERE, rel.slice(4));
  return path.join(root, rel);
}

before(async () => {
  emu = await startEmulator();
  root = mkdtempSync(path.join(os.tmpdir(), "bcw-bundle-"));
  server = http.createServer((req, res) => {
    const file = fileFor(new URL(req.url, "http://x").pathname);
    let ok = false;
    try {
      ok = file !== null && statSync(file).isFile();
    } catch {}
    served.push([req.url, ok ? 200 : 404]);
    if (!ok) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 20_000 });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  await emu?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Opens `pagePath` with ?emulator=…, waits for app.js to finish, returns its JSON result. */
async function runPage(pagePath) {
  await emu.reset();
  served = [];
  const page = await browser.newPage();
  const errors = [];
  // A failed import (no .wasm, wrong entry) never reaches app.js's try/catch: stop at the
  // first page error instead of waiting for the timeout.
  let pageFailed;
  const failed = new Promise((resolve) => (pageFailed = resolve));
  page.on("pageerror", (e) => {
    errors.push(`pageerror: ${e.message}`);
    pageFailed();
  });
  page.on("console", (m) => {
    if (m.type() !== "error" && m.type() !== "warning") return;
    // Chromium logs every non-2xx fetch; the scenario's one 404 (a message on an unknown
    // conversation, answered by the emulator) is expected.
    const at = m.location().url;
    if (m.text().includes("status of 404") && at === emu.url + MSG_URL_PATH) return;
    errors.push(`console.${m.type()}: ${m.text()} (${at})`);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  try {
    await page.goto(`${origin}${pagePath}?emulator=${encodeURIComponent(emu.url)}`, { waitUntil: "load", timeout: 15_000 });
    const context = () => `\nerrors: ${errors.join("\n")}\nserved: ${JSON.stringify(served)}`;
    try {
      await Promise.race([
        page.waitForFunction(() => document.getElementById("status")?.textContent !== "loading", null, { timeout: 15_000 }),
        failed,
      ]);
    } catch (e) {
      assert.fail(`the page never finished: ${e.message}${context()}`);
    }
    const status = await page.evaluate(() => document.getElementById("status")?.textContent ?? "(no #status)");
    assert.equal(status, "done", `page status ${status}${context()}`);
    const out = await page.evaluate(() => window.__result);
    const shown = await page.evaluate(() => document.getElementById("result").textContent);
    assert.deepEqual(JSON.parse(shown), out, "#result shows window.__result");
    assert.deepEqual(errors, [], "no page errors, console errors or warnings");

    const log = await expectScenario(out, emu, "chromium");
    assert.match(log[0].headers["user-agent"], /Chrome\//, "Chromium's fetch made the calls");
    assert.equal(log[0].headers.origin, origin, "a cross-origin call from the page");
    return { served };
  } finally {
    await page.close();
  }
}

test("Chromium: esbuild browser bundle, package through the browser condition, real calls", async (t) => {
  t.diagnostic(
    `chromium ${browser.version()} (${CHROMIUM}), playwright-core ${JSON.parse(readFileSync(require.resolve("playwright-core/package.json"), "utf8")).version}, esbuild ${esbuild.version}`,
  );
  assert.equal(esbuild.version, pinned("esbuild"));

  const assets = path.join(root, "assets");
  mkdirSync(assets);
  copyFileSync(path.join(HERE, "bundle", "index.html"), path.join(root, "index.html"));
  const built = await esbuild.build({
    entryPoints: [path.join(HERE, "bundle", "app.js")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outfile: path.join(assets, "app.js"),
    metafile: true,
    logLevel: "silent",
  });
  assert.deepEqual(built.errors, []);
  const inputs = Object.keys(built.metafile.inputs);
  assert.ok(inputs.some((p) => p.endsWith("entry/browser.js")), `the browser entry was bundled: ${inputs.join(", ")}`);
  assert.ok(!inputs.some((p) => /entry\/(workerd|node|deno)\./.test(p)), `no other entry was bundled: ${inputs.join(", ")}`);
  assert.ok(!inputs.some((p) => p.endsWith(".wasm")), "esbuild does not take in the .wasm");
  // The user's step: ship the package's .wasm beside the bundle.
  copyFileSync(require.resolve("botpress-chat-wasm/botpress_chat_wasm_bg.wasm"), path.join(assets, "botpress_chat_wasm_bg.wasm"));

  const { served } = await runPage("/");
  assert.ok(
    served.some(([u, s]) => u === "/assets/botpress_chat_wasm_bg.wasm" && s === 200),
    `the .wasm was fetched from beside the bundle: ${JSON.stringify(served)}`,
  );
  assert.ok(!served.some(([u]) => u.startsWith("/pkg/")), "the bundled page loads nothing from the package");
});

test("Chromium: unbundled, import map to the exports map's browser entry, real calls", async () => {
  const browserEntry = JSON.parse(readFileSync(path.join(PKG_DIR, "package.json"), "utf8")).exports["."].browser;
  assert.equal(typeof browserEntry, "string");
  const html = readFileSync(path.join(HERE, "bundle", "index.html"), "utf8").replace(
    '<script type="module" src="assets/app.js"></script>',
    `<script type="importmap">${JSON.stringify({ imports: { "botpress-chat-wasm": "/pkg/" + browserEntry.replace(/^\.\//, "") } })}</script>\n` +
      '  <script type="module" src="/src/bundle/app.js"></script>',
  );
  assert.notEqual(html, readFileSync(path.join(HERE, "bundle", "index.html"), "utf8"));
  mkdirSync(path.join(root, "unbundled"), { recursive: true });
  writeFileSync(path.join(root, "unbundled", "index.html"), html);

  const { served } = await runPage("/unbundled/");
  assert.ok(
    served.some(([u, s]) => u === "/pkg/botpress_chat_wasm_bg.wasm" && s === 200),
    `the .wasm was fetched from the package root, beside the glue: ${JSON.stringify(served)}`,
  );
});
