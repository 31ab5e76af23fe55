// Where the per-call time of this package goes: runs percall.mjs (our client only, canned
// fetch) under `node --cpu-prof` and sums self time by category and by frame. Not part of
// `make bench` (it only explains figure 3). Usage: node tests/bench/profile.mjs [--top 25] [--pkg <dir>]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const topAt = process.argv.indexOf("--top");
const TOP = topAt >= 0 ? Number(process.argv[topAt + 1]) : 25;
// Another build than pkg/, e.g. `make pkg-names`'s target/pkg-names (wasm frames named).
const pkgAt = process.argv.indexOf("--pkg");
const PKG = pkgAt >= 0 ? path.resolve(process.argv[pkgAt + 1]) : path.join(ROOT, "node_modules", "botpress-chat-wasm");
const dir = mkdtempSync(path.join(os.tmpdir(), "bcw-prof-"));
try {
  const r = spawnSync(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${dir}`, "tests/bench/percall.mjs", "--only-ours", "--batches", "15", "--pkg", PKG], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`percall.mjs failed:\n${r.stderr}`);
  const profile = JSON.parse(readFileSync(path.join(dir, readdirSync(dir)[0]), "utf8"));

  // The glue's import shims are anonymous; name them by what they call.
  const glueSource = readFileSync(path.join(PKG, "botpress_chat_wasm.cjs"), "utf8").split("\n");
  const glueName = (line) => {
    for (let l = line; l < line + 3 && l < glueSource.length; l++) {
      const m = /const ret = ([\w.]+)\(/.exec(glueSource[l]);
      if (m) return `glue: ${m[1]}`;
    }
    return `glue:${line + 1}`;
  };
  const category = (cf, name) => {
    const u = cf.url;
    if (u.startsWith("wasm://")) return "wasm (Rust: parse, validate, serialize)";
    if (/JSON\.(parse|stringify)/.test(name)) return "JSON.parse / JSON.stringify called by the glue";
    if (/string_get|passStringToWasm|getStringFromWasm|encode|decode|utf8|UTF8/i.test(name)) return "string copies JS <-> wasm (TextEncoder/Decoder)";
    if (/botpress_chat_wasm/.test(u)) return "other glue (externref table, closures, Reflect)";
    if (/abort|Transferable|timers|setTimeout|clearTimeout|Timeout/i.test(u + name)) return "AbortController + timer per attempt";
    if (/undici|webstreams|Response|streams/i.test(u + name)) return "Response + text() (the fake fetch, subtracted)";
    if (/cjs|esm|loader|lexer|modules/.test(u)) return "module loading (startup)";
    if (name.startsWith("(")) return name;
    return "other JS (promises, bench loop)";
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const frames = new Map();
  const cats = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const cf = byId.get(id).callFrame;
    let name = cf.functionName || "(anonymous)";
    if (/botpress_chat_wasm/.test(cf.url) && !cf.functionName) name = glueName(cf.lineNumber);
    const key = `${name}  ${cf.url.startsWith("wasm://") ? "wasm" : cf.url.split("/").slice(-1)[0]}`;
    frames.set(key, (frames.get(key) ?? 0) + dt);
    const c = category(cf, name);
    cats.set(c, (cats.get(c) ?? 0) + dt);
    total += dt;
  });
  const pct = (v) => `${((100 * v) / total).toFixed(1).padStart(5)} %`;
  console.log(`per-call profile of getOrCreateMessage (canned fetch), ${(total / 1e6).toFixed(1)} s sampled`);
  console.log(`figures: ${r.stdout.trim()}`);
  console.log("\nself time by category:");
  for (const [k, v] of [...cats].sort((a, b) => b[1] - a[1])) console.log(`${pct(v)}  ${k}`);
  console.log(`\ntop ${TOP} frames (self time):`);
  for (const [k, v] of [...frames].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${pct(v)}  ${k}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
