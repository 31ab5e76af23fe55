// Where a call's time goes inside workerd: a CPU profile taken through miniflare's inspector
// (the DevTools protocol) while a worker runs getOrCreateMessage in a loop (canned fetch), or
// only the first call of a fresh worker (--cold: new Client + the first call, what cold start
// measures). Prints self time by frame. Not part of `make bench` (it explains figures 3 and 4).
// Wasm frames are named when the build keeps its names: `make pkg-names`, then
// --pkg target/pkg-names. Usage:
//   node --experimental-websocket tests/bench/profile-workerd.mjs [--pkg <dir>] [--carousel] [--cold] [--top 30]
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleWorker, startWorker } from "./coldstart-workerd.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const args = process.argv.slice(2);
const option = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const pkg = path.resolve(option("--pkg", path.join(ROOT, "pkg")));
const cold = args.includes("--cold");
const top = Number(option("--top", 30));
const body = args.includes("--carousel") ? "carouselBody" : "textBody";
const PORT = 9300 + Math.floor(Math.random() * 500);
if (typeof WebSocket !== "function") throw new Error("run with node --experimental-websocket (Node 20)");

const dir = path.join(ROOT, "target", "bench", "profile-workerd");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const entry = path.join(dir, "worker.src.mjs");
writeFileSync(
  entry,
  `import { Client } from ${JSON.stringify(path.join(pkg, "entry", "workerd.js"))};
import { BOT_ID, TOKEN, carouselBody, messageResponseText, textBody } from ${JSON.stringify(path.join(HERE, "common.mjs"))};
export default {
  async fetch(request) {
    const text = messageResponseText(${body});
    const client = new Client({ token: TOKEN, botId: BOT_ID, fetch: async () => new Response(text, { status: 200, headers: { "content-type": "application/json" } }) });
    const n = Number(new URL(request.url).searchParams.get("n"));
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await client.getOrCreateMessage(${body});
    return Response.json({ usPerCall: ((performance.now() - t0) * 1000) / n });
  },
};
`,
);
const worker = await bundleWorker(entry, path.join(dir, "out"), ROOT);
const mf = startWorker(worker, { inspectorPort: PORT });
try {
  const base = await mf.ready;
  if (!cold) await (await fetch(`${base}?n=3000`)).text(); // warm: tiered up, steady state
  const [target] = await (await fetch(`http://127.0.0.1:${PORT}/json`)).json();
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve);
    ws.addEventListener("error", reject);
  });
  let id = 0;
  const waiting = new Map();
  ws.addEventListener("message", (e) => {
    const m = JSON.parse(e.data);
    waiting.get(m.id)?.(m);
    waiting.delete(m.id);
  });
  const send = (method, params = {}) => new Promise((resolve) => (waiting.set(++id, resolve), ws.send(JSON.stringify({ id, method, params }))));
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: cold ? 10 : 50 });
  await send("Profiler.start");
  const runs = [];
  for (let k = 0; k < (cold ? 1 : 5); k++) runs.push((await (await fetch(`${base}?n=${cold ? 1 : 2000}`)).json()).usPerCall);
  const { result } = await send("Profiler.stop");
  ws.close();

  const { nodes, samples, timeDeltas } = result.profile;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  samples.forEach((nodeId, i) => {
    const cf = byId.get(nodeId).callFrame;
    const name = `${cf.functionName || "(anonymous)"}  ${cf.url.startsWith("wasm://") ? "wasm" : `${cf.url.split("/").pop()}:${cf.lineNumber + 1}`}`;
    self.set(name, (self.get(name) ?? 0) + (timeDeltas[i] ?? 0));
    total += timeDeltas[i] ?? 0;
  });
  console.log(`workerd profile, ${cold ? "the first call of a fresh worker" : "warm calls"}, ${body}: µs per call ${runs.map((x) => x.toFixed(1)).join(", ")}; ${(total / 1000).toFixed(1)} ms sampled`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * v) / total).toFixed(1).padStart(5)} %  ${k.replace(/::h[0-9a-f]{16}/g, "")}`);
  }
} finally {
  await mf.dispose();
  rmSync(dir, { recursive: true, force: true });
}
