// Figure 4 (workerd): cold start inside a Cloudflare module worker, run by miniflare.
//
// The worker is bundled the way wrangler does it (esbuild, conditions workerd/worker/browser,
// the .wasm kept out of the bundle as a CompiledWasm module), once for this package and once for
// @botpress/client. Each sample is a fresh Miniflare (a fresh workerd process and isolate).
// What is measured, inside the worker with Date.now() (workerd's clocks have 1 ms resolution):
//   moduleMs     from the first statement of the bundle (an esbuild banner) to its last one:
//                evaluating the package, for us instantiating the wasm (initSync)
//   firstCallMs  inside the first request: new Client + the first getOrCreateMessage, canned
//                transport (an injected fetch / an axios adapter)
// workerd compiles the CompiledWasm module when it loads the worker, before module evaluation;
// that compile is not in moduleMs (in Node the same compile is reported as wasmCompileMs).
// Also reported: the wall time of that first request seen from Node (includes miniflare's proxy).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { Miniflare } from "miniflare";

const COMMON = fileURLToPath(new URL("common.mjs", import.meta.url));

const SOURCES = {
  ours: `
import { Client } from "botpress-chat-wasm";
import { BOT_ID, TOKEN, messageResponseText, textBody } from ${JSON.stringify(COMMON)};
const makeClient = (text) => new Client({ token: TOKEN, botId: BOT_ID, fetch: async () => new Response(text, { status: 200, headers: { "content-type": "application/json" } }) });
`,
  official: `
import { Client } from "@botpress/client";
import { BOT_ID, TOKEN, messageResponseText, textBody, useCannedAdapter } from ${JSON.stringify(COMMON)};
const makeClient = (text) => useCannedAdapter(new Client({ token: TOKEN, botId: BOT_ID }), text);
`,
};
const HANDLER = `
const moduleEnd = Date.now();
let first;
export default {
  async fetch() {
    if (first) return Response.json(first);
    const a = Date.now();
    const out = await makeClient(messageResponseText(textBody)).getOrCreateMessage(textBody);
    const b = Date.now();
    first = { moduleMs: moduleEnd - globalThis.__benchT0, firstCallMs: b - a, ok: typeof out?.message?.id === "string" };
    return Response.json(first);
  },
};
`;

/**
 * Bundles `entry` like wrangler does (esbuild, conditions workerd/worker/browser, the .wasm
 * copied beside the bundle for a CompiledWasm rule) into `outdir`; returns {dir, script, files}.
 * `banner` is prepended to the bundle.
 */
export async function bundleWorker(entry, outdir, root, banner) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const r = await esbuild.build({
    entryPoints: { worker: entry },
    bundle: true,
    format: "esm",
    target: "es2022",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    loader: { ".wasm": "copy" },
    ...(banner ? { banner: { js: banner } } : {}),
    outdir,
    absWorkingDir: root,
    logLevel: "silent",
  });
  if (r.errors.length) throw new Error(`esbuild (${entry}): ${r.errors.map((e) => e.text).join("; ")}`);
  return { dir: outdir, script: path.join(outdir, "worker.js"), files: readdirSync(outdir) };
}

/**
 * A Miniflare (a fresh workerd process and isolate) running a worker from bundleWorker;
 * `extra` adds Miniflare options (an inspectorPort, …).
 */
export function startWorker(worker, extra = {}) {
  return new Miniflare({
    modules: true,
    scriptPath: worker.script,
    modulesRoot: worker.dir,
    modulesRules: [
      { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: "2025-01-01",
    host: "127.0.0.1",
    port: 0,
    ...extra,
  });
}

/**
 * Runs the module worker `source` once: written and bundled under target/bench/<name> (inside
 * the repository, so the bundle resolves packages from its node_modules), started, asked once;
 * returns its JSON answer. Everything is removed afterwards.
 */
export async function runWorker(name, source, root) {
  const dir = path.join(root, "target", "bench", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    const entry = path.join(dir, "worker.src.mjs");
    writeFileSync(entry, source);
    const mf = startWorker(await bundleWorker(entry, path.join(dir, "out"), root));
    try {
      const res = await fetch(await mf.ready);
      const text = await res.text();
      if (res.status !== 200) throw new Error(`worker answered ${res.status}: ${text}`);
      return JSON.parse(text);
    } finally {
      await mf.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Bundles both workers into `dir`/<name>/; returns {name: {dir, script, files}}. */
export async function buildWorkers(dir, root) {
  const out = {};
  for (const [name, source] of Object.entries(SOURCES)) {
    const entry = path.join(dir, `worker-${name}.src.mjs`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(entry, source + HANDLER);
    out[name] = await bundleWorker(entry, path.join(dir, name), root, "globalThis.__benchT0 = Date.now();");
  }
  return out;
}

/** One sample: a fresh Miniflare, one request, dispose. */
export async function sample(worker) {
  const mf = startWorker(worker);
  try {
    const base = await mf.ready;
    const t = performance.now();
    const res = await fetch(base);
    const body = await res.json();
    const wallMs = performance.now() - t;
    if (res.status !== 200 || !body.ok) throw new Error(`worker answered ${res.status}: ${JSON.stringify(body)}`);
    return { moduleMs: body.moduleMs, firstCallMs: body.firstCallMs, totalMs: body.moduleMs + body.firstCallMs, firstRequestWallMs: wallMs };
  } finally {
    await mf.dispose();
  }
}
