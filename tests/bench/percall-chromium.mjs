// Figure 3 in Chromium: the per-call measurement of percall-core.mjs in a page of Debian's
// headless Chromium (playwright-core), both clients bundled into it by esbuild for the browser
// (this package through its browser entry, its .wasm beside the bundle) and interleaved in one run.
// Prints one JSON object. Usage: node tests/bench/percall-chromium.mjs [--batches 9] [--batch-ms 120]
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { runPage } from "./chromium-page.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const options = { batches: arg("--batches", 9), batchMs: arg("--batch-ms", 120), warmupMs: arg("--warmup-ms", 400) };

// Inside the repository, so the bundle resolves both packages from its node_modules.
const dir = path.join(ROOT, "target", "bench", "percall-chromium");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const entry = path.join(dir, "page.src.mjs");
writeFileSync(
  entry,
  `import { Client, validateGetOrCreateMessage } from "botpress-chat-wasm";
import { Client as OfficialClient } from "@botpress/client";
import { percall } from ${JSON.stringify(path.join(HERE, "percall-core.mjs"))};
percall({ Client, OfficialClient, validateGetOrCreateMessage }, ${JSON.stringify(options)}).then(
  (r) => (window.__percall = { ok: true, ...r }),
  (e) => (window.__percall = { ok: false, error: String(e && e.stack || e) }),
);
`,
);
const built = await esbuild.build({
  entryPoints: { page: entry },
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  outdir: dir,
  absWorkingDir: ROOT,
  logLevel: "silent",
});
if (built.errors.length) throw new Error(built.errors.map((e) => e.text).join("; "));
// esbuild leaves the package's wasm URL relative to the bundle: ship the .wasm beside it.
copyFileSync(path.join(ROOT, "node_modules", "botpress-chat-wasm", "botpress_chat_wasm_bg.wasm"), path.join(dir, "botpress_chat_wasm_bg.wasm"));
writeFileSync(path.join(dir, "index.html"), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="page.js"></script>');

const { result, chromium } = await runPage(
  (url) => {
    const file = path.join(dir, url.replace(/^\/+/, "") || "index.html");
    return file.startsWith(dir) ? file : null;
  },
  "__percall",
  300_000,
);
delete result.ok;
console.log(JSON.stringify({ runtime: "chromium", chromium, ...result }));
