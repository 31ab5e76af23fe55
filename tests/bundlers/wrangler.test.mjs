// Cloudflare Workers built by wrangler itself: `wrangler deploy --dry-run --outdir dist` on a
// worker that imports "botpress-chat-wasm" by name, with no build config. The output (the
// bundle and the .wasm module wrangler emits beside it) then runs in workerd through miniflare,
// with the module rules wrangler uses for what it emitted, and calls the emulator from inside
// the worker.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Miniflare } from "miniflare";
import { startEmulator } from "../js/helpers/emulator.mjs";
import { run } from "../runtimes/helpers/run.mjs";
import { expectScenario } from "../runtimes/helpers/expect.mjs";
import { HERE, freshApp, listFiles, pinned } from "./helpers/app.mjs";

let emu;
let mf;
before(async () => {
  emu = await startEmulator();
});
after(async () => {
  await mf?.dispose();
  await emu?.stop();
});

test("wrangler: deploy --dry-run output runs in workerd, real calls from the worker", async (t) => {
  const wranglerVersion = pinned("wrangler");
  const miniflareVersion = JSON.parse(readFileSync(path.join(HERE, "node_modules", "miniflare", "package.json"), "utf8")).version;
  t.diagnostic(`wrangler ${wranglerVersion}, miniflare ${miniflareVersion}`);
  const app = await freshApp("wrangler", "worker");

  const wrangler = await run(path.join(HERE, "node_modules", ".bin", "wrangler"), ["deploy", "--dry-run", "--outdir", "dist"], {
    cwd: app,
    timeoutMs: 120_000,
    env: { WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1", WRANGLER_LOG_PATH: path.join(app, ".wrangler-logs") },
  });
  assert.equal(wrangler.code, 0, `wrangler failed:\n${wrangler.stdout}\n${wrangler.stderr}`);
  assert.match(wrangler.stdout, /--dry-run: exiting now/);
  assert.doesNotMatch(wrangler.stdout + wrangler.stderr, /\[WARNING\]|▲/, "wrangler printed no warning");

  const dist = path.join(app, "dist");
  const files = listFiles(dist);
  const wasm = files.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `wrangler emitted the .wasm as its own module: ${files}`);
  const bundle = readFileSync(path.join(dist, "worker.js"), "utf8");
  assert.ok(bundle.includes(wasm[0]), "the bundle imports the emitted .wasm module");
  assert.doesNotMatch(bundle, /readFileSync|Deno\.readFile/, "no Node or Deno entry in the Workers bundle");

  mf = new Miniflare({
    modules: true,
    scriptPath: path.join(dist, "worker.js"),
    modulesRoot: dist,
    modulesRules: [
      { type: "ESModule", include: ["**/*.js"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: "2025-01-01",
    host: "127.0.0.1",
    port: 0,
  });
  const base = await mf.ready;
  assert.equal(base.hostname, "127.0.0.1");
  // Two requests: the instance initialised at module load keeps working across requests.
  for (let i = 0; i < 2; i++) {
    await emu.reset();
    const res = await fetch(new URL(`/?emulator=${encodeURIComponent(emu.url)}`, base));
    const text = await res.text();
    assert.equal(res.status, 200, text);
    await expectScenario(JSON.parse(text), emu, "wrangler");
  }
});
