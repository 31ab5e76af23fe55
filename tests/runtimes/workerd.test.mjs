// Cloudflare Workers: worker/worker.mjs runs in workerd through miniflare and calls the
// emulator from inside the worker.
//
// The worker is built the way a Workers user's build does it: wrangler bundles with esbuild,
// resolving packages with the conditions ["workerd", "worker", "browser"], and keeps each
// imported .wasm out of the bundle as a separate CompiledWasm module (a WebAssembly.Module at
// import). Here esbuild's "copy" loader does the latter: it copies the .wasm beside the bundle
// and rewrites the import to it, and miniflare's CompiledWasm rule loads it. The bare
// specifier is therefore resolved by esbuild through the package's exports map, as in wrangler.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { Miniflare } from "miniflare";
import { ROOT, startEmulator } from "../js/helpers/emulator.mjs";
import { run } from "./helpers/run.mjs";
import { expectScenario, pinned } from "./helpers/expect.mjs";

const require = createRequire(import.meta.url);
const WORKER = fileURLToPath(new URL("worker/worker.mjs", import.meta.url));

let emu;
let outdir;
let mf;
before(async () => {
  emu = await startEmulator();
  outdir = mkdtempSync(path.join(os.tmpdir(), "bcw-workerd-"));
});
after(async () => {
  await mf?.dispose();
  await emu?.stop();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

test("workerd (miniflare): bundled like wrangler, package through the workerd condition, real calls", async (t) => {
  const miniflareVersion = JSON.parse(readFileSync(require.resolve("miniflare/package.json"), "utf8")).version;
  const workerdPkg = JSON.parse(readFileSync(require.resolve("workerd/package.json"), "utf8"));
  const workerdBin = await run(path.join(ROOT, "node_modules", ".bin", "workerd"), ["--version"]);
  t.diagnostic(`miniflare ${miniflareVersion}, workerd ${workerdPkg.version} (${workerdBin.stdout.trim()}), esbuild ${esbuild.version}`);
  assert.equal(miniflareVersion, pinned("miniflare"));
  assert.equal(esbuild.version, pinned("esbuild"));

  const built = await esbuild.build({
    entryPoints: [WORKER],
    bundle: true,
    format: "esm",
    target: "es2022",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    loader: { ".wasm": "copy" },
    outdir,
    metafile: true,
    logLevel: "silent",
    absWorkingDir: ROOT,
  });
  assert.deepEqual(built.errors, []);
  const inputs = Object.keys(built.metafile.inputs);
  assert.ok(inputs.some((p) => p.endsWith("entry/workerd.js")), `the workerd entry was bundled: ${inputs.join(", ")}`);
  assert.ok(!inputs.some((p) => /entry\/(browser|node|deno)\./.test(p)), `no other entry was bundled: ${inputs.join(", ")}`);
  const files = readdirSync(outdir).sort();
  assert.equal(files.filter((f) => f.endsWith(".wasm")).length, 1, `one .wasm beside the bundle: ${files}`);

  mf = new Miniflare({
    modules: true,
    scriptPath: path.join(outdir, "worker.js"),
    modulesRoot: outdir,
    modulesRules: [
      { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: "2025-01-01",
    host: "127.0.0.1",
    port: 0,
    bindings: { EMULATOR_URL: emu.url },
  });
  const base = await mf.ready;
  assert.equal(base.hostname, "127.0.0.1");

  // Two requests: the instance initialised at module load keeps working across requests.
  for (let i = 0; i < 2; i++) {
    await emu.reset();
    const res = await fetch(base);
    const text = await res.text();
    assert.equal(res.status, 200, text);
    await expectScenario(JSON.parse(text), emu, "workerd");
  }
});
