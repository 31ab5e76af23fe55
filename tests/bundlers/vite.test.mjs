// Vite: a plain browser app (apps/web) that imports "botpress-chat-wasm" by name, with no Vite
// config at all. `vite build` for production, served statically, and the dev server, each driven
// in Chromium against the emulator.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { build, createServer, version as viteVersion } from "vite";
import { startEmulator } from "../js/helpers/emulator.mjs";
import { expectScenario } from "../runtimes/helpers/expect.mjs";
import { freshApp, listFiles, pinned } from "./helpers/app.mjs";
import { emulator404, launchChromium, runPage, serveStatic } from "./helpers/browser.mjs";

let emu;
let browser;
let app;
before(async () => {
  emu = await startEmulator();
  browser = await launchChromium();
  app = await freshApp("vite", "web");
});
after(async () => {
  await browser?.close();
  await emu?.stop();
});

/** A Vite logger that records every warning and error instead of printing it. */
function recordingLogger(lines) {
  const record = (level) => (msg) => lines.push(`${level}: ${msg}`);
  return {
    info() {},
    warn: record("warn"),
    warnOnce: record("warn"),
    error: record("error"),
    clearScreen() {},
    hasErrorLogged: () => false,
    hasWarned: false,
  };
}

async function check(url, runtime) {
  await emu.reset();
  const { result, unhandled } = await runPage(browser, `${url}?emulator=${encodeURIComponent(emu.url)}&runtime=${runtime}`, {
    allowConsole: emulator404(emu),
  });
  assert.deepEqual(unhandled, []);
  const log = await expectScenario(result, emu, runtime);
  assert.match(log[0].headers["user-agent"], /Chrome\//, "Chromium's fetch made the calls");
}

test("Vite: vite build (production), no config, served statically, real calls in Chromium", async (t) => {
  t.diagnostic(`vite ${viteVersion}, chromium ${browser.version()}`);
  assert.equal(viteVersion, pinned("vite"));
  const logs = [];
  await build({ root: app, configFile: false, logLevel: "warn", customLogger: recordingLogger(logs), build: { outDir: "dist", emptyOutDir: true } });
  assert.deepEqual(logs, [], "vite build printed no warning");
  const dist = path.join(app, "dist");
  const files = listFiles(dist);
  const wasm = files.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `vite emitted the .wasm as an asset: ${files}`);
  const js = files.filter((f) => f.endsWith(".js")).map((f) => readFileSync(path.join(dist, f), "utf8")).join("\n");
  assert.ok(js.includes(path.basename(wasm[0])), "the bundle refers to the emitted .wasm by its hashed name");

  const server = await serveStatic(dist);
  try {
    await check(`${server.origin}/`, "vite-build");
    assert.ok(server.served.some(([u, s]) => u === `/${wasm[0]}` && s === 200), `the page fetched the emitted .wasm: ${JSON.stringify(server.served)}`);
  } finally {
    await server.close();
  }
});

test("Vite: dev server, no config, real calls in Chromium", async () => {
  const logs = [];
  const server = await createServer({
    root: app,
    configFile: false,
    logLevel: "warn",
    customLogger: recordingLogger(logs),
    server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false },
  });
  await server.listen();
  try {
    const url = server.resolvedUrls.local[0];
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    await check(url, "vite-dev");
    assert.deepEqual(logs, [], "the dev server printed no warning");
  } finally {
    await server.close();
  }
});
