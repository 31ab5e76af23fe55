// Browser, no build step: browser/app.js imports "botpress-chat-wasm" by name, mapped by an
// import map to the file the exports map names for "browser" (entry/browser.js), as a no-build
// page or the demo does. The page runs in Debian's Chromium through playwright-core and calls
// the emulator, a cross-origin fetch (the emulator sends CORS headers). The bundlers (Vite,
// webpack, esbuild, wrangler, Next.js) are tested from the packed tarball in tests/bundlers/.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../js/helpers/chromium.mjs";
import { ROOT, startEmulator } from "../js/helpers/emulator.mjs";
import { expectScenario } from "./helpers/expect.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PKG_DIR = realpathSync(path.join(ROOT, "node_modules", "botpress-chat-wasm"));
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
};
const MSG_URL_PATH = "/v1/chat/messages/get-or-create";

let emu;
let root; // the page: unbundled/index.html
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
  root = mkdtempSync(path.join(os.tmpdir(), "bcw-browser-"));
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
  browser = await launchChromium();
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

/** The page of the unbundled app: the package mapped by an import map to the exports map's browser entry. */
function writeUnbundledPage() {
  const browserEntry = JSON.parse(readFileSync(path.join(PKG_DIR, "package.json"), "utf8")).exports["."].browser.default;
  assert.equal(typeof browserEntry, "string");
  const html = readFileSync(path.join(HERE, "browser", "index.html"), "utf8").replace(
    '<script type="module" src="assets/app.js"></script>',
    `<script type="importmap">${JSON.stringify({ imports: { "botpress-chat-wasm": "/pkg/" + browserEntry.replace(/^\.\//, "") } })}</script>\n` +
      '  <script type="module" src="/src/browser/app.js"></script>',
  );
  assert.notEqual(html, readFileSync(path.join(HERE, "browser", "index.html"), "utf8"));
  mkdirSync(path.join(root, "unbundled"), { recursive: true });
  writeFileSync(path.join(root, "unbundled", "index.html"), html);

}

test("Chromium: unbundled, import map to the exports map's browser entry, real calls", async () => {
  writeUnbundledPage();
  const { served } = await runPage("/unbundled/");
  assert.ok(
    served.some(([u, s]) => u === "/pkg/botpress_chat_wasm_bg.wasm" && s === 200),
    `the .wasm was fetched from the package root, beside the glue: ${JSON.stringify(served)}`,
  );
});

// Never a dead instance (DESIGN.md §2), in the browser build: a real trap is forced by growing
// the instance's memory to the wasm32 maximum from outside, so its next fresh allocation aborts.
// The call in flight and a synchronous call fail with InternalError, nothing is left unhandled,
// and later calls (the same Client too) run on a fresh instance of the module.
test("Chromium: a trap fails the calls in flight with InternalError; later calls run on a fresh instance", async () => {
  writeUnbundledPage();
  await emu.reset();
  const page = await browser.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.addInitScript(() => {
    window.__instances = [];
    window.__unhandled = [];
    addEventListener("unhandledrejection", (e) => window.__unhandled.push(String(e.reason)));
    const keep = (r) => (window.__instances.push(r.instance ?? r), r);
    const streaming = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = (...a) => streaming(...a).then(keep);
    const instantiate = WebAssembly.instantiate;
    WebAssembly.instantiate = (...a) => instantiate(...a).then(keep);
    WebAssembly.Instance = new Proxy(WebAssembly.Instance, { construct: (t, a, n) => keep(Reflect.construct(t, a, n)) });
  });
  try {
    const { port } = server.address();
    await page.goto(`http://127.0.0.1:${port}/unbundled/?emulator=${encodeURIComponent(emu.url)}`, { waitUntil: "load", timeout: 15_000 });
    await page.waitForFunction(() => document.getElementById("status")?.textContent !== "loading", null, { timeout: 15_000 });
    await emu.reset();
    const r = await page.evaluate(async (emulator) => {
      const { Client, InternalError, validateGetOrCreateMessage } = await import("botpress-chat-wasm");
      const exhaust = () => {
        const memory = window.__instances.at(-1).exports.memory;
        memory.grow(65536 - memory.buffer.byteLength / 65536);
      };
      const out = { instancesAtLoad: window.__instances.length };
      let open;
      const gate = new Promise((resolve) => (open = resolve));
      let gated = 0;
      const fetch = async (...args) => {
        if (gated++ > 0) return globalThis.fetch(...args);
        await gate;
        const conversation = { id: "conv_01HZY00000000000000000000A", channel: "web", integration: "x".repeat(4 << 20), tags: {}, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z" };
        return new Response(JSON.stringify({ conversation }), { status: 200 });
      };
      const client = new Client({ token: "bp_pat_browser_recovery", botId: "bot_browser", baseUrl: emulator, fetch });
      const body = { channel: "web", tags: { recovery: "browser" } };
      const inFlight = client.getOrCreateConversation(body).then(() => "resolved", (e) => (e instanceof InternalError ? "InternalError" : String(e)));
      await new Promise((resolve) => setTimeout(resolve, 20));
      exhaust();
      open();
      out.inFlight = await inFlight;
      const later = await client.getOrCreateConversation(body);
      out.later = { id: later.conversation.id, created: later.meta?.created };
      out.instancesAfterFirst = window.__instances.length;
      exhaust();
      try {
        validateGetOrCreateMessage({ type: "text", payload: { text: "x".repeat(4 << 20) }, userId: "user_01HZY0000000000000000000RT", conversationId: "conv_01HZY00000000000000000000A", tags: {} });
        out.sync = "returned";
      } catch (e) {
        out.sync = e instanceof InternalError ? "InternalError" : String(e);
      }
      out.validAfter = validateGetOrCreateMessage({}).length;
      out.instancesAtEnd = window.__instances.length;
      await new Promise((resolve) => setTimeout(resolve, 50));
      out.unhandled = window.__unhandled;
      return out;
    }, emu.url);
    assert.equal(r.inFlight, "InternalError", JSON.stringify(r));
    assert.match(r.later.id, /^conv_/);
    assert.equal(r.later.created, true, "the same Client works on the fresh instance");
    assert.equal(r.instancesAfterFirst, r.instancesAtLoad + 1);
    assert.equal(r.sync, "InternalError");
    assert.equal(r.validAfter, 5, "validation works again");
    assert.equal(r.instancesAtEnd, r.instancesAtLoad + 2);
    assert.deepEqual(r.unhandled, []);
    assert.deepEqual(pageErrors, []);
    const log = await emu.requests();
    assert.equal(log.length, 1, "only the later call reached the server");
    assert.equal(log[0].headers.authorization, "Bearer bp_pat_browser_recovery");
  } finally {
    await page.close();
  }
});
