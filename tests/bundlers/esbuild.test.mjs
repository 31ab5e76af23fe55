// esbuild: the same browser app (apps/web) bundled for the browser. esbuild neither copies nor
// rewrites `new URL("…wasm", import.meta.url)`, so the URL stays relative to the bundle: the
// user's one step is to copy the package's .wasm beside the bundle (the README says so). The
// bundle is served from assets/, not the server root, so a URL that only works at the root
// would be caught.
//
// The same bundle is also how a failed load is tested (the README's promise): without the
// .wasm (a 404), and with the .wasm under a Content-Security-Policy that lacks
// 'wasm-unsafe-eval', the import still succeeds, `ready` rejects with an Error naming the URL
// tried, every export fails with that same error, and nothing is left unhandled.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";
import { startEmulator } from "../js/helpers/emulator.mjs";
import { expectScenario } from "../runtimes/helpers/expect.mjs";
import { freshApp, pinned } from "./helpers/app.mjs";
import { emulator404, launchChromium, runPage, serveStatic } from "./helpers/browser.mjs";

const WASM = "botpress_chat_wasm_bg.wasm";

let emu;
let browser;
let app;
before(async () => {
  emu = await startEmulator();
  browser = await launchChromium();
  app = await freshApp("esbuild", "web");
});
after(async () => {
  await browser?.close();
  await emu?.stop();
});

/** Bundles src/<entry> into <out>/assets/app.js with the app's index.html at <out>/. */
async function bundle(entry, out) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, "assets"), { recursive: true });
  const built = await esbuild.build({
    entryPoints: [path.join(app, "src", entry)],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outfile: path.join(out, "assets", "app.js"),
    metafile: true,
    logLevel: "silent",
  });
  assert.deepEqual(built.errors, []);
  assert.deepEqual(built.warnings, [], "no build warning");
  const inputs = Object.keys(built.metafile.inputs);
  assert.ok(inputs.some((p) => p.endsWith("botpress-chat-wasm/entry/browser.js")), `the browser entry was bundled: ${inputs.join(", ")}`);
  assert.ok(!inputs.some((p) => /entry\/(workerd|node|deno)\./.test(p)), `no other entry was bundled: ${inputs.join(", ")}`);
  const html = readFileSync(path.join(app, "index.html"), "utf8").replace('src="/src/index.js"', 'src="assets/app.js"');
  writeFileSync(path.join(out, "index.html"), html);
}

test("esbuild: browser bundle + the .wasm copied beside it, real calls in Chromium", async (t) => {
  t.diagnostic(`esbuild ${esbuild.version}, chromium ${browser.version()}`);
  assert.equal(esbuild.version, pinned("esbuild"));
  const out = path.join(app, "dist");
  await bundle("index.js", out);
  // The user's step, as the README writes it.
  copyFileSync(path.join(app, "node_modules", "botpress-chat-wasm", WASM), path.join(out, "assets", WASM));

  const server = await serveStatic(out);
  try {
    await emu.reset();
    const { result, unhandled } = await runPage(browser, `${server.origin}/?emulator=${encodeURIComponent(emu.url)}&runtime=esbuild`, {
      allowConsole: emulator404(emu),
    });
    assert.deepEqual(unhandled, []);
    await expectScenario(result, emu, "esbuild");
    assert.ok(server.served.some(([u, s]) => u === `/assets/${WASM}` && s === 200), `the .wasm was fetched from beside the bundle: ${JSON.stringify(server.served)}`);
  } finally {
    await server.close();
  }
});

/** Runs src/fail.js's page and checks that every export fails with the one load error. */
async function expectCatchableFailure(server, allowConsole) {
  const { result, unhandled } = await runPage(browser, `${server.origin}/`, { allowConsole });
  const url = `${server.origin}/assets/${WASM}`;
  assert.equal(typeof result.ready, "object", `ready must reject: ${JSON.stringify(result)}`);
  assert.equal(result.ready.isError, true, "ready rejects with an Error");
  assert.ok(result.ready.message.includes(url), `the message names the URL tried (${url}): ${result.ready.message}`);
  assert.equal(result.ready.url, url);
  assert.equal(result.ready.code, "wasm_unavailable");
  assert.equal(result.ready.hasCause, true, "the browser's own error is the cause");
  assert.equal(result.construct, "same error", "new Client() throws the load error");
  assert.equal(result.call, "same error", "a call rejects with the load error");
  assert.equal(result.validate, "same error", "validate throws the load error");
  assert.deepEqual(unhandled, [], "no unhandled rejection");
  return result;
}

test("esbuild: bundle without the .wasm (404): ready rejects naming the URL, calls fail with that error, nothing unhandled", async () => {
  const out = path.join(app, "dist-404");
  await bundle("fail.js", out);
  const server = await serveStatic(out);
  try {
    // Chromium logs the failed fetch itself; that line is the only console error allowed.
    const r = await expectCatchableFailure(server, (text) => text.includes("status of 404"));
    assert.match(r.ready.message, /404/);
    assert.ok(server.served.some(([u, s]) => u === `/assets/${WASM}` && s === 404), JSON.stringify(server.served));
  } finally {
    await server.close();
  }
});

test("esbuild: a CSP without 'wasm-unsafe-eval' refuses to compile: ready rejects naming the URL, nothing unhandled", async () => {
  const out = path.join(app, "dist-csp");
  await bundle("fail.js", out);
  copyFileSync(path.join(app, "node_modules", "botpress-chat-wasm", WASM), path.join(out, "assets", WASM));
  // 'unsafe-inline' only for the page's own inline listener; no 'wasm-unsafe-eval'.
  const server = await serveStatic(out, { headers: { "content-security-policy": "script-src 'self' 'unsafe-inline'" } });
  try {
    const r = await expectCatchableFailure(server, (text) => /Content Security Policy|wasm-unsafe-eval|WebAssembly/i.test(text));
    assert.match(r.ready.message, /WebAssembly|wasm-unsafe-eval|Content Security Policy/i);
    assert.ok(server.served.some(([u, s]) => u === `/assets/${WASM}` && s === 200), "the .wasm itself was there");
  } finally {
    await server.close();
  }
});
