// `make bench`: the five figures of botpress-chat-wasm, measured side by side in one run, with
// @botpress/client 1.45.0 beside it. Prints one table (markdown) and writes everything,
// samples included, to target/bench/bench.json. Needs the built package (`make pkg`) and the
// root dev tools (npm ci). Each figure runs in its own process(es), one after the other:
//   1 size        (this process)   gzip -9 / brotli q11 of each target; esbuild browser bundles
//   2 throughput  throughput.mjs   loopback node:http server (server.mjs), c1 and c16, A/B/C rounds
//   3 per call    percall*.mjs     canned fetch, µs per call in Node, Chromium and workerd, beside @botpress/client
//   4 cold start  coldstart-node.mjs (a fresh process per sample), coldstart-workerd.mjs (miniflare)
//   5 memory      memory.mjs       --expose-gc, 1 000 vs 100 000 calls
// Usage: node tests/bench/run.mjs [--quick]   (--quick: shorter rounds, for trying it out)
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { buildWorkers, sample as workerdSample } from "./coldstart-workerd.mjs";
import { median, summary } from "./common.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const OUT = path.join(ROOT, "target", "bench");
const require = createRequire(import.meta.url);
const QUICK = process.argv.includes("--quick");
const COLD_SAMPLES = QUICK ? 3 : 10;
const started = performance.now();

const PKG_LINK = path.join(ROOT, "node_modules", "botpress-chat-wasm");
if (!existsSync(path.join(PKG_LINK, "package.json"))) {
  console.error("bench: node_modules/botpress-chat-wasm is missing: run `make pkg` first");
  process.exit(2);
}
const PKG = realpathSync(PKG_LINK);
mkdirSync(OUT, { recursive: true });
const log = (msg) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${msg}\n`);

// --- machine and versions -------------------------------------------------------------------
const cpuinfo = (() => {
  try {
    return readFileSync("/proc/cpuinfo", "utf8");
  } catch {
    return "";
  }
})();
const machine = {
  cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown",
  cores: os.availableParallelism?.() ?? os.cpus().length,
  memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
  node: process.version,
  platform: `${os.type()} ${os.release()} ${os.arch()}`,
  loadAvgAtStart: os.loadavg().map((x) => +x.toFixed(2)),
};
const version = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")).version;
const versions = {
  "botpress-chat-wasm": JSON.parse(readFileSync(path.join(PKG, "package.json"), "utf8")).version,
  "@botpress/client": version("@botpress/client"),
  axios: version("axios"),
  esbuild: esbuild.version,
  miniflare: version("miniflare"),
  workerd: version("workerd"),
};

const git = (args) => {
  const r = spawnSync("git", args, { cwd: ROOT, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
};
const source = { commit: git(["rev-parse", "--short", "HEAD"]), srcDirty: git(["status", "--porcelain", "--", "src", "pkg-template", "Cargo.toml"]) ? true : false };

/** Runs `node args…` from the repo root; resolves with the JSON it prints last on stdout. */
function node(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const last = stdout.trim().split("\n").pop();
      if (code !== 0) return reject(new Error(`node ${args.join(" ")} exited ${code}\n${stderr}${stdout}`));
      try {
        resolve(JSON.parse(last));
      } catch {
        reject(new Error(`node ${args.join(" ")} printed no JSON\n${stderr}${stdout}`));
      }
    });
  });
}

// --- 1. size ----------------------------------------------------------------------------------
function compressed(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
  };
}
function sumSizes(files) {
  const rows = files.map((f) => ({ file: f.name, ...compressed(f.bytes) }));
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  return { files: rows, total };
}
const pkgFiles = (names) => names.map((n) => ({ name: n, bytes: readFileSync(path.join(PKG, n)) }));

const CALLS = `
const client = new Client({ token: "a-bearer-token", botId: "a-bot-id" });
const { conversation } = await client.getOrCreateConversation({ channel: "web", tags: {} });
const { message } = await client.getOrCreateMessage({ type: "text", payload: { text: "hello" }, userId: "user_01HZY0000000000000000000AB", conversationId: conversation.id, tags: {} });
console.log(message.id);
`;
async function bundle(name, importLine) {
  const dir = path.join(OUT, "bundle", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const entry = path.join(OUT, "bundle", `${name}.entry.mjs`);
  writeFileSync(entry, importLine + "\n" + CALLS);
  const r = await esbuild.build({
    entryPoints: { app: entry },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    outdir: dir,
    absWorkingDir: ROOT,
    metafile: true,
    logLevel: "silent",
  });
  if (r.errors.length) throw new Error(`esbuild (${name}): ${r.errors.map((e) => e.text).join("; ")}`);
  const js = readFileSync(path.join(dir, "app.js"));
  const inputs = Object.entries(r.metafile.outputs[path.relative(ROOT, path.join(dir, "app.js"))]?.inputs ?? {});
  const top = {};
  for (const [p, v] of inputs) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p) ?? [null, p.includes("/pkg/") || p.startsWith("pkg/") ? "botpress-chat-wasm" : "(app)"];
    top[m[1]] = (top[m[1]] ?? 0) + v.bytesInOutput;
  }
  return { js: compressed(js), byPackage: top };
}

log("size: compressing the package targets, bundling both clients with esbuild");
const size = {
  web: sumSizes(pkgFiles(["botpress_chat_wasm_bg.wasm", "entry/browser.js", "wasm-url.js"])), // as tests/size.mjs
  node: sumSizes(pkgFiles(["botpress_chat_wasm.cjs", "botpress_chat_wasm_bg.wasm", "errors.cjs", "entry/node.cjs", "entry/load.cjs"])),
  bundle: {
    options: "esbuild --bundle --minify --format=esm --platform=browser; entry: new Client + getOrCreateConversation + getOrCreateMessage",
    ours: await bundle("ours", 'import { Client } from "botpress-chat-wasm";'),
    official: await bundle("official", 'import { Client } from "@botpress/client";'),
  },
};
{
  // esbuild leaves the web glue's new URL("…_bg.wasm", import.meta.url) alone: the .wasm is a
  // second file the browser fetches beside the bundle.
  const wasm = compressed(readFileSync(path.join(PKG, "botpress_chat_wasm_bg.wasm")));
  const o = size.bundle.ours;
  o.wasm = wasm;
  o.total = { raw: o.js.raw + wasm.raw, gzip: o.js.gzip + wasm.gzip, brotli: o.js.brotli + wasm.brotli };
  size.bundle.official.total = size.bundle.official.js;
}

// --- 3. per call --------------------------------------------------------------------------------
// The same measurement (percall-core.mjs) in each runtime users run: Node, a Chromium page and a
// workerd worker, both clients interleaved within each run.
const percallArgs = QUICK ? ["--batches", "5", "--batch-ms", "60"] : [];
const percall = {};
for (const [runtime, script] of [
  ["node", "tests/bench/percall.mjs"],
  ["chromium", "tests/bench/percall-chromium.mjs"],
  ["workerd", "tests/bench/percall-workerd.mjs"],
]) {
  log(`per call: ${runtime}, canned transport, text and carousel (about 20 s)`);
  percall[runtime] = await node([script, ...percallArgs]);
}

// --- 5. memory ------------------------------------------------------------------------------------
log("memory: 1 000 then 100 000 calls, --expose-gc (about 25 s)");
const memory = await node(["--expose-gc", "tests/bench/memory.mjs", ...(QUICK ? ["--large", "20000"] : [])]);

// --- 4. cold start ----------------------------------------------------------------------------------
log(`cold start: Node, ${COLD_SAMPLES} fresh processes per client`);
const coldNodeRaw = { ours: [], official: [] };
for (let i = 0; i < COLD_SAMPLES; i++) {
  for (const who of ["ours", "official"]) coldNodeRaw[who].push(await node(["tests/bench/coldstart-node.mjs", who]));
}
log(`cold start: workerd through miniflare, ${COLD_SAMPLES} fresh workers per client`);
const workers = await buildWorkers(path.join(OUT, "workerd"), ROOT);
const coldWorkerdRaw = { ours: [], official: [] };
for (let i = 0; i < COLD_SAMPLES; i++) {
  for (const who of ["ours", "official"]) coldWorkerdRaw[who].push(await workerdSample(workers[who]));
}
const summarise = (samples) => Object.fromEntries(Object.keys(samples[0]).map((k) => [k, summary(samples.map((s) => s[k]))]));
const coldstart = {
  node: { ours: summarise(coldNodeRaw.ours), official: summarise(coldNodeRaw.official) },
  workerd: { ours: summarise(coldWorkerdRaw.ours), official: summarise(coldWorkerdRaw.official) },
};

// --- 2. throughput --------------------------------------------------------------------------------
const roundArgs = QUICK ? ["--rounds", "2", "--round-ms", "700", "--warmup-ms", "300"] : [];
log(`throughput: loopback server, c1 and c16, raw fetch (with and without an AbortController) / ours / official interleaved (about ${QUICK ? 16 : 85} s)`);
const throughput = await node(["tests/bench/throughput.mjs", ...roundArgs]);

// --- the table --------------------------------------------------------------------------------------
// Issue 12: size within the budget of the stack issue (issue 11: 48 000 B gzip, web target).
const SIZE_GOAL = 48_000;
const f0 = (n) => Math.round(n).toLocaleString("en-US");
const f1 = (n) => n.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const x2 = (n) => `${n.toFixed(2)}×`;
const met = (ok) => (ok ? "met" : "not met");
const rows = [];
const row = (figure, ours, official, reference, ratio, goal, status) => rows.push({ figure, ours, official, reference, ratio, goal, status });

const w = size.web.total;
const b = size.bundle;
row("size, web target wasm+glue, gzip -9 (B)", f0(w.gzip), `${f0(b.official.total.gzip)} (esbuild bundle)`, "—", `${x2(w.gzip / b.official.total.gzip)} official`, `≤ ${f0(SIZE_GOAL)}`, met(w.gzip <= SIZE_GOAL));
row("size, web target wasm+glue, brotli q11 (B)", f0(w.brotli), `${f0(b.official.total.brotli)} (esbuild bundle)`, "—", `${x2(w.brotli / b.official.total.brotli)} official`, "—", "—");
row("size, node target wasm+glue, gzip -9 / brotli (B)", `${f0(size.node.total.gzip)} / ${f0(size.node.total.brotli)}`, "—", "—", "—", "—", "—");
row(
  "size, esbuild browser bundle JS + wasm, gzip -9 (B)",
  `${f0(b.ours.js.gzip)} + ${f0(b.ours.wasm.gzip)} = ${f0(b.ours.total.gzip)}`,
  f0(b.official.total.gzip),
  "—",
  `${x2(b.ours.total.gzip / b.official.total.gzip)} official`,
  "—",
  "—",
);
row(
  "size, esbuild browser bundle JS + wasm, brotli (B)",
  `${f0(b.ours.js.brotli)} + ${f0(b.ours.wasm.brotli)} = ${f0(b.ours.total.brotli)}`,
  f0(b.official.total.brotli),
  "—",
  `${x2(b.ours.total.brotli / b.official.total.brotli)} official`,
  "—",
  "—",
);
for (const c of ["c1", "c16"]) {
  const t = throughput.results[c];
  const goal = c === "c16";
  row(
    `throughput, Node, ${c === "c1" ? "concurrency 1" : "concurrency 16"} (req/s)`,
    f0(t.ours.rps),
    `${f0(t.official.rps)} (${x2(t.official.ratioToRawAbort)} raw + AC)`,
    `${f0(t.rawAbort.rps)} raw fetch + AbortController (${f0(t.raw.rps)} without)`,
    `${x2(t.ours.ratioToRawAbort)} raw + AC (${x2(t.ours.ratioToRaw)} raw)`,
    goal ? "≥ 0.95× raw + AC" : "—",
    goal ? met(t.ours.ratioToRawAbort >= 0.95) : "—",
  );
}
// Goal (issue 12): net CPU per call at most 0.6× the official client's in Chromium and workerd;
// Node is reported beside them.
const PERCALL_GOAL = 0.6;
for (const [runtime, label, goal] of [
  ["chromium", "Chromium", true],
  ["workerd", "workerd", true],
  ["node", "Node", false],
]) {
  for (const [body, key] of [
    ["text message", "text"],
    ["carousel 10×3", "carousel10x3"],
  ]) {
    const p = percall[runtime].results[key];
    const ratio = p.oursNet.us / p.officialNet.us;
    row(
      `per call, ${label}, ${body}, net of fake transport (µs)`,
      f1(p.oursNet.us),
      f1(p.officialNet.us),
      `${f1(p.floor.us)} floor`,
      `${x2(ratio)} official`,
      goal ? `≤ ${PERCALL_GOAL}× official` : "—",
      goal ? met(ratio <= PERCALL_GOAL) : "—",
    );
  }
}
// Goal (issue 12): validating the carousel costs at most 2× JSON.stringify of it, in Node.
for (const [runtime, label, goal] of [
  ["node", "Node", true],
  ["chromium", "Chromium", false],
  ["workerd", "workerd", false],
]) {
  const p = percall[runtime].results.carousel10x3;
  row(
    `validateGetOrCreateMessage, ${label}, carousel 10×3 (µs)`,
    f1(p.validate.us),
    "— (validates nothing)",
    `${f1(p.stringify.us)} JSON.stringify`,
    `${x2(p.ratioValidateToStringify)} stringify`,
    goal ? "≤ 2× stringify" : "—",
    goal ? met(p.ratioValidateToStringify <= 2) : "—",
  );
}
for (const [label, key] of [
  ["Node", "node"],
  ["workerd", "workerd"],
]) {
  const o = coldstart[key].ours.totalMs.median;
  const off = coldstart[key].official.totalMs.median;
  row(`cold start, ${label}, import → first call (ms, median)`, f1(o), f1(off), "—", `${x2(o / off)} official`, "≤ 5", met(o <= 5));
}
const mo = memory.ours;
const small = Object.keys(mo).find((k) => k.startsWith("after") && k !== `after${memory.config.large}`);
const large = `after${memory.config.large}`;
const HEAP_FLAT = 1024 * 1024;
row(
  `memory, wasm linear memory, ${f0(memory.config.small)} → ${f0(memory.config.large)} calls (B)`,
  `${f0(mo[small].wasmMemoryBytes)} → ${f0(mo[large].wasmMemoryBytes)}`,
  "— (no wasm)",
  "—",
  `+${f0(mo.growth.wasmMemoryBytes)}`,
  "no growth",
  met(mo.growth.wasmMemoryBytes === 0),
);
row(
  `memory, JS heapUsed after gc, ${f0(memory.config.small)} → ${f0(memory.config.large)} calls (B)`,
  `${f0(mo[small].heapUsed)} → ${f0(mo[large].heapUsed)} (${mo.growth.heapUsed >= 0 ? "+" : ""}${f0(mo.growth.heapUsed)})`,
  `${memory.official.growth.heapUsed >= 0 ? "+" : ""}${f0(memory.official.growth.heapUsed)}`,
  "—",
  `${f1(mo.growth.heapUsed / (memory.config.large - memory.config.small))} B/call`,
  "flat (< 1 MiB)",
  met(mo.growth.heapUsed < HEAP_FLAT),
);

const COLS = [
  ["figure", "figure"],
  ["ours", "ours (botpress-chat-wasm)"],
  ["official", "official (@botpress/client)"],
  ["reference", "raw fetch / floor"],
  ["ratio", "ratio"],
  ["goal", "goal"],
  ["status", "met"],
];
const widths = COLS.map(([k, h]) => Math.max(h.length, ...rows.map((r) => String(r[k]).length)));
const line = (cells) => "| " + cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ") + " |";
const table = [line(COLS.map(([, h]) => h)), "|" + widths.map((wd) => "-".repeat(wd + 2)).join("|") + "|", ...rows.map((r) => line(COLS.map(([k]) => r[k])))].join("\n");

const tn = throughput.results;
const pc = percall.node.results;
const cn = coldstart.node.ours;
const notes = [
  `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memGiB} GiB, ${machine.platform}, Node ${machine.node}; load average at start ${machine.loadAvgAtStart.join(" / ")}, at end ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" / ")} (other processes share these cores: absolute figures are noisy, ratios of interleaved runs less so)`,
  `versions: ${Object.entries(versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")}; tree at commit ${source.commit ?? "?"}${source.srcDirty ? " (src/ has uncommitted changes)" : ""}; pkg/ is measured as found (\`make bench\` rebuilds it first)`,
  `size: zlib gzip level 9 and brotli quality 11 per file, summed. web = what a browser loads: _bg.wasm + entry/browser.js (the entry, glue, error classes and load guard, bundled) + wasm-url.js (as tests/size.mjs counts it); node = .cjs glue + _bg.wasm + errors.cjs + entry/node.cjs + entry/load.cjs. The official figure is its esbuild bundle (${f0(b.official.total.raw)} B raw; ${Object.entries(
    b.official.byPackage,
  )
    .sort((a, z) => z[1] - a[1])
    .slice(0, 3)
    .map(([k, v]) => `${k} ${f0(v)}`)
    .join(", ")} B in the output). Our bundle: ${f0(b.ours.js.raw)} B JS + the ${f0(b.ours.wasm.raw)} B .wasm, fetched beside it.`,
  `throughput: ${throughput.config.rounds} rounds × ${throughput.config.roundMs} ms per contender and concurrency, order rotated each round, median req/s. Server: ${throughput.config.server}; clients in one other process: ${throughput.config.transport}; @botpress/client on axios ${versions.axios} (Node http, keep-alive global agent). Same request from all three: body ${throughput.equivalence.sameBody ? "same JSON" : "DIFFERENT"} (@botpress/client orders keys differently, same bytes count), authorization/x-bot-id/content-type ${throughput.equivalence.sameAppHeaders ? "identical" : "DIFFERENT"}. Ratio = median of per-round ratios (rounds are back to back); ratio of medians c16: ours ${x2(tn.c16.ours.ratioOfMedians)}, official ${x2(tn.c16.official.ratioOfMedians)}. Client CPU per request (c16): raw ${f0(tn.c16.raw.clientCpuUsPerReq)} µs, ours ${f0(tn.c16.ours.clientCpuUsPerReq)} µs (raw/ours ${x2(tn.c16.ours.cpuRatioToRaw)}), official ${f0(tn.c16.official.clientCpuUsPerReq)} µs; client process CPU ${f0(tn.c16.ours.clientCpuPct)} % (ours, c16); server CPU during c16 rounds ${f0(tn.c16.raw.serverCpuPct)}–${f0(tn.c16.ours.serverCpuPct)} %. New connections per c16 round: ${tn.c16.ours.newConnectionsPerRound.join(",")} (ours).`,
  `per call: Node, Chromium ${percall.chromium.chromium} (a page, both clients bundled by esbuild) and workerd (one worker through miniflare; its clock has 1 ms resolution), each ${percall.node.config.batches} batches of ~${percall.node.config.batchMs} ms after warm-up, median. "net" subtracts the fake transport measured alone: for us new Response(text) + await res.text() (Node: text ${f1(pc.text.fake.us)} µs, carousel ${f1(pc.carousel10x3.fake.us)} µs; gross ours ${f1(pc.text.ours.us)} / ${f1(pc.carousel10x3.ours.us)} µs), for @botpress/client a canned axios adapter (${f1(pc.text.adapter.us)} µs). Floor = JSON.stringify(body) + JSON.parse(response text), in a plain loop. Bodies: text ${pc.text.requestBytes} B → ${pc.text.responseBytes} B, carousel ${pc.carousel10x3.requestBytes} B → ${pc.carousel10x3.responseBytes} B.`,
  `cold start, Node: a fresh process per sample, ${COLD_SAMPLES} each, performance.now() inside the child from just before the dynamic import() to the first resolved getOrCreateMessage (canned transport). Ours: import ${f1(cn.importMs.median)} ms (of which WebAssembly.Module compile ${f1(cn.wasmCompileMs.median)} ms, Instance ${f1(cn.wasmInstantiateMs.median)} ms) + first call ${f1(cn.firstCallMs.median)} ms; official: import ${f1(coldstart.node.official.importMs.median)} + first call ${f1(coldstart.node.official.firstCallMs.median)} ms. Node's lazy load of undici (fetch/Response, ~${f0(median(coldNodeRaw.ours.map((s) => s.harnessUndiciMs)))} ms) is paid before the clock starts, by the harness.`,
  `cold start, workerd: a fresh Miniflare (workerd process + isolate) per sample, ${COLD_SAMPLES} each; worker bundled like wrangler (esbuild, conditions workerd/worker/browser, .wasm as CompiledWasm). Measured inside the worker with Date.now() (1 ms resolution): module evaluation from the bundle's first statement (ours ${f1(coldstart.workerd.ours.moduleMs.median)} ms, official ${f1(coldstart.workerd.official.moduleMs.median)} ms) + new Client and first call in the first request (ours ${f1(coldstart.workerd.ours.firstCallMs.median)} ms, official ${f1(coldstart.workerd.official.firstCallMs.median)} ms). workerd compiles the .wasm at worker load, before module evaluation: not included. First request wall time from Node (incl. miniflare proxy): ours ${f1(coldstart.workerd.ours.firstRequestWallMs.median)} ms, official ${f1(coldstart.workerd.official.firstRequestWallMs.median)} ms.`,
  `memory: ${memory.config.mix}; node --expose-gc, two gc() rounds with a macrotask between, after ${f0(memory.config.small)} and after ${f0(memory.config.large)} calls. Linear memory read from the package's own WebAssembly instance (WebAssembly.Instance wrapped before the package loads; the public API is unchanged). rss ${f0(mo[small].rss)} → ${f0(mo[large].rss)} B, arrayBuffers +${f0(mo.growth.arrayBuffers)} B. ${f0(memory.config.large)} calls took ${f1(mo.seconds)} s (ours) and ${f1(memory.official.seconds)} s (official).`,
];

const runtimeSeconds = (performance.now() - started) / 1000;
console.log(table);
console.log("");
for (const n of notes) console.log("- " + n);
console.log(`- total bench time ${f1(runtimeSeconds)} s; JSON: target/bench/bench.json`);

writeFileSync(
  path.join(OUT, "bench.json"),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      quick: QUICK,
      machine: { ...machine, loadAvgAtEnd: os.loadavg().map((x) => +x.toFixed(2)) },
      versions,
      source,
      table: rows,
      notes,
      runtimeSeconds,
      size,
      throughput,
      percall,
      coldstart: { ...coldstart, samples: { node: coldNodeRaw, workerd: coldWorkerdRaw } },
      memory,
    },
    null,
    2,
  ) + "\n",
);
