// Why cold start in workerd is what it is: the worker of figure 4 (ours), run by the workerd
// binary itself (not miniflare) so that V8 flags can be passed (workerd's `v8Flags` config),
// a fresh process per sample. Prints the mean of each step (Date.now(), 1 ms resolution, so
// means over many samples): module evaluation, new Client, the first and second calls. With
// --trace, also what V8 compiled lazily on the first calls (--trace-wasm-compilation-times):
// functions, body bytes and compile time, the largest first. Not part of `make bench`.
// Function names in the trace need a build that keeps them: `make pkg-names`, then --pkg
// target/pkg-names. Usage:
//   node tests/bench/coldstart-v8-workerd.mjs [--pkg <dir>] [--samples 12] [--trace] [-- <v8 flag>…]
//   e.g. -- --no-wasm-lazy-compilation   (compile every function when the worker loads)
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { functionNames } from "../../pkg-template/short-names.mjs";
import { bundleWorker } from "./coldstart-workerd.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const args = process.argv.slice(2);
const dash = args.indexOf("--");
const own = dash >= 0 ? args.slice(0, dash) : args;
const flags = dash >= 0 ? args.slice(dash + 1) : [];
const samples = own.includes("--samples") ? Number(own[own.indexOf("--samples") + 1]) : 12;
const trace = own.includes("--trace");
const pkg = path.resolve(own.includes("--pkg") ? own[own.indexOf("--pkg") + 1] : path.join(ROOT, "pkg"));
if (trace) flags.push("--trace-wasm-compilation-times");

const workerd = createRequire(import.meta.url)("workerd").default;
const dir = path.join(ROOT, "target", "bench", "coldstart-v8-workerd");
rmSync(dir, { recursive: true, force: true });
const entry = path.join(dir, "worker.src.mjs");
mkdirSync(dir, { recursive: true });
writeFileSync(
  entry,
  `import { Client } from ${JSON.stringify(path.join(pkg, "entry", "workerd.js"))};
import { BOT_ID, TOKEN, messageResponseText, textBody } from ${JSON.stringify(path.join(HERE, "common.mjs"))};
const moduleEnd = Date.now();
export default {
  async fetch() {
    const text = messageResponseText(textBody);
    const t = [Date.now()];
    const c = new Client({ token: TOKEN, botId: BOT_ID, fetch: async () => new Response(text, { status: 200 }) });
    t.push(Date.now());
    const first = await c.getOrCreateMessage(textBody);
    t.push(Date.now());
    await c.getOrCreateMessage(textBody);
    t.push(Date.now());
    return Response.json({ ok: typeof first?.message?.id === "string", module: moduleEnd - globalThis.__benchT0, steps: t.slice(1).map((x, i) => x - t[i]) });
  },
};
`,
);
const out = path.join(dir, "out");
const worker = await bundleWorker(entry, out, ROOT, "globalThis.__benchT0 = Date.now();");
const wasm = worker.files.find((f) => f.endsWith(".wasm"));
const port = 9800 + Math.floor(Math.random() * 150);
const config = path.join(out, "config.capnp");
writeFileSync(
  config,
  `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .w) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
  v8Flags = [ ${flags.map((f) => JSON.stringify(f)).join(", ")} ],
);
const w :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js"), (name = ${JSON.stringify(wasm)}, wasm = embed ${JSON.stringify(wasm)}) ],
  compatibilityDate = "2025-01-01",
);
`,
);

/** One fresh workerd process, one request; its answer and what it printed. */
async function sample() {
  const child = spawn(workerd, ["serve", config], { cwd: out, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    for (let i = 0; i < 200; i++) {
      let res;
      try {
        res = await fetch(`http://127.0.0.1:${port}/`);
      } catch {
        // Not listening yet.
        if (child.exitCode !== null) throw new Error(`workerd exited: ${log}`);
        await new Promise((r) => setTimeout(r, 25));
        continue;
      }
      const body = await res.json();
      if (!body.ok) throw new Error(`the worker's call failed: ${JSON.stringify(body)}`);
      return { ...body, log };
    }
    throw new Error(`workerd did not answer: ${log}`);
  } finally {
    child.kill();
    await exited;
  }
}

const rows = [];
for (let i = 0; i < samples; i++) rows.push(await sample());
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const steps = ["new Client", "first call", "second call"];
const total = mean(rows.map((r) => r.module + r.steps[0] + r.steps[1]));
console.log(`workerd ${flags.length ? flags.join(" ") : "(default V8 flags)"}, ${samples} fresh processes, mean ms (1 ms clock):`);
console.log(`  module ${mean(rows.map((r) => r.module)).toFixed(2)}, ${steps.map((s, i) => `${s} ${mean(rows.map((r) => r.steps[i])).toFixed(2)}`).join(", ")}; import → first call ${total.toFixed(2)}`);
if (trace) {
  // "Compiled function <module>#<index> using Liftoff, took <t> μs and <n> bytes; bodysize <b> codesize <c>"
  const compiled = rows.map((r) => [...r.log.matchAll(/#(\d+) using (\w+), took (\d+) .*?bodysize (\d+)/g)]);
  const { names } = functionNames(readFileSync(path.join(out, wasm)));
  const last = compiled.at(-1);
  console.log(`  lazily compiled (mean per process): ${mean(compiled.map((c) => c.length)).toFixed(0)} functions, ${mean(compiled.map((c) => c.reduce((a, m) => a + Number(m[4]), 0))).toFixed(0)} body bytes, ${(mean(compiled.map((c) => c.reduce((a, m) => a + Number(m[3]), 0))) / 1000).toFixed(2)} ms`);
  console.log("  largest compile times, last sample (µs, body bytes, function):");
  for (const m of [...last].sort((a, b) => b[3] - a[3]).slice(0, 12)) {
    console.log(`  ${m[3].padStart(6)} ${m[4].padStart(6)}  ${names.get(Number(m[1]))?.replace(/::h[0-9a-f]{16}$/, "") ?? `#${m[1]} (${m[2]})`}`);
  }
}
rmSync(dir, { recursive: true, force: true });
