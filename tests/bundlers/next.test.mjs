// Next.js (App Router, `next build` with its default bundler, Turbopack), the package installed
// from the tarball, no package-specific config:
// - a client component (app/page.js) that imports "botpress-chat-wasm" by name: the build
//   prerenders it (its server copy loads the package but never calls it), and in Chromium it
//   makes the real calls;
// - a route handler on the edge runtime (the exports map's `edge-light` entry);
// - a route handler on the Node.js runtime: Next bundles server code, which moves the Node glue
//   away from its .wasm, so without config every call rejects with the documented load error
//   (it never breaks the build or the import); with `serverExternalPackages` it works.
//
// The generated next.config.mjs sets `turbopack.root` only because this app sits inside this
// repository, whose lockfiles would otherwise make Next infer the wrong workspace root.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { startEmulator } from "../js/helpers/emulator.mjs";
import { run } from "../runtimes/helpers/run.mjs";
import { expectScenario } from "../runtimes/helpers/expect.mjs";
import { HERE, freshApp, pinned } from "./helpers/app.mjs";
import { emulator404, launchChromium, runPage } from "./helpers/browser.mjs";

const NEXT = path.join(HERE, "node_modules", ".bin", "next");
const ENV = { NEXT_TELEMETRY_DISABLED: "1", NO_COLOR: "1" };

let emu;
let browser;
before(async () => {
  emu = await startEmulator();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await emu?.stop();
});

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A fresh Next app with `config` in next.config.mjs, built for production. */
async function build(name, config = {}) {
  const app = await freshApp(name, "next", { scenarioTo: "lib" });
  const full = { ...config, turbopack: { root: HERE } };
  writeFileSync(path.join(app, "next.config.mjs"), `export default ${JSON.stringify(full, null, 2)};\n`);
  const r = await run(NEXT, ["build"], { cwd: app, env: ENV, timeoutMs: 300_000 });
  assert.equal(r.code, 0, `next build failed:\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /Turbopack/, "built with Turbopack, Next's default");
  return app;
}

/** `next start` on a free loopback port; resolves once it is ready. */
async function start(app) {
  const port = await freePort();
  const child = spawn(NEXT, ["start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: app,
    env: { ...process.env, ...ENV },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`next start: not ready in 60 s\n${out}`)), 60_000);
    const onData = (d) => {
      out += d;
      if (/Ready in/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", onData);
    child.once("exit", (code) => reject(new Error(`next start exited (${code})\n${out}`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    log: () => out,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        process.kill(-child.pid, "SIGTERM");
      }),
  };
}

async function getJson(url) {
  const res = await fetch(url);
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return JSON.parse(text);
}

test("Next.js: client component in Chromium, edge route handler; a Node route handler fails only at call time, with the load error", async (t) => {
  t.diagnostic(`next ${pinned("next")}, react ${pinned("react")}, chromium ${browser.version()}`);
  const app = await build("next");
  const server = await start(app);
  try {
    await emu.reset();
    const { result } = await runPage(browser, `${server.origin}/?emulator=${encodeURIComponent(emu.url)}`, { allowConsole: emulator404(emu) });
    const log = await expectScenario(result, emu, "next-client");
    assert.match(log[0].headers["user-agent"], /Chrome\//, "the browser made the calls");

    await emu.reset();
    await expectScenario(await getJson(`${server.origin}/api/edge?emulator=${encodeURIComponent(emu.url)}`), emu, "next-edge");

    await emu.reset();
    const node = await getJson(`${server.origin}/api/node?emulator=${encodeURIComponent(emu.url)}`);
    assert.equal(node.ok, false, "without serverExternalPackages the Node route cannot load the .wasm");
    assert.equal(node.error.code, "wasm_unavailable");
    assert.match(node.error.message, /could not load its WebAssembly module from .*botpress_chat_wasm_bg\.wasm/);
    assert.deepEqual(await emu.requests(), [], "nothing was sent");
    assert.doesNotMatch(server.log(), /unhandled|uncaught/i);
  } finally {
    await server.stop();
  }
});

test('Next.js: serverExternalPackages: ["botpress-chat-wasm"] makes the Node route handler work', async () => {
  const app = await build("next-external", { serverExternalPackages: ["botpress-chat-wasm"] });
  const server = await start(app);
  try {
    await emu.reset();
    await expectScenario(await getJson(`${server.origin}/api/node?emulator=${encodeURIComponent(emu.url)}`), emu, "next-node");
  } finally {
    await server.stop();
  }
});
