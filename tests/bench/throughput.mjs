// Figure 2: requests/s against a loopback server (server.mjs, its own process), in Node, at
// concurrency 1 and 16. Contenders, run in interleaved rounds (the order rotates per round):
//   A raw fetch + JSON.stringify / JSON.parse (rawAbort: the same with a per-request
//     AbortController, what the goal compares with)
//   B this package: Client.getOrCreateMessage
//   C @botpress/client 1.45.0: Client with apiUrl at the server (axios, Node http keep-alive agent)
// Before timing, one request of each is recorded by the server and compared: same body bytes,
// same authorization / x-bot-id / content-type. Prints one JSON object on stdout.
// Besides req/s, the client process's CPU time per request is recorded (process.cpuUsage),
// which depends less on what else runs on the machine.
// Usage: node tests/bench/throughput.mjs [--rounds 5] [--round-ms 2000]
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { Client } from "botpress-chat-wasm";
import { Client as OfficialClient } from "@botpress/client";
import { BOT_ID, FETCH_TRANSPORT, HEADERS, MESSAGE_PATH, TOKEN, median, textBody } from "./common.mjs";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROUNDS = arg("--rounds", 5);
const ROUND_MS = arg("--round-ms", 2000);
const WARMUP_MS = arg("--warmup-ms", 500);
const CONCURRENCY = [1, 16];

// --- the server, in its own process ---------------------------------------------------------
const server = fork(fileURLToPath(new URL("server.mjs", import.meta.url)), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
const port = await new Promise((resolve, reject) => {
  server.once("message", (m) => resolve(m.port));
  server.once("exit", (code) => reject(new Error(`bench server exited early (${code})`)));
});
let nextId = 0;
const pending = new Map();
server.on("message", (m) => {
  const p = pending.get(m.id);
  if (p) {
    pending.delete(m.id);
    p(m);
  }
});
function control(cmd, extra = {}) {
  const id = ++nextId;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    server.send({ id, cmd, ...extra });
  });
}

const base = `http://127.0.0.1:${port}`;
const url = base + MESSAGE_PATH;

// --- the contenders -------------------------------------------------------------------------
const ours = new Client({ token: TOKEN, botId: BOT_ID, baseUrl: base });
const official = new OfficialClient({ token: TOKEN, botId: BOT_ID, apiUrl: base });

const contenders = {
  raw: async () => {
    const res = await fetch(url, { method: "POST", headers: HEADERS, body: JSON.stringify(textBody) });
    const out = JSON.parse(await res.text());
    if (res.status !== 200 || !out.message) throw new Error(`raw fetch: HTTP ${res.status}`);
    return out;
  },
  // What the goal is measured against: a raw fetch with a per-request AbortController
  // (what a timeout or a caller's cancel needs), the least a careful caller of fetch writes.
  rawAbort: async () => {
    const controller = new AbortController();
    const res = await fetch(url, { method: "POST", headers: HEADERS, body: JSON.stringify(textBody), signal: controller.signal });
    const out = JSON.parse(await res.text());
    if (res.status !== 200 || !out.message) throw new Error(`raw fetch + AbortController: HTTP ${res.status}`);
    return out;
  },
  ours: async () => {
    const out = await ours.getOrCreateMessage(textBody);
    if (!out.message) throw new Error("ours: no message");
    return out;
  },
  official: async () => {
    const out = await official.getOrCreateMessage(textBody);
    if (!out.message) throw new Error("official: no message");
    return out;
  },
};
const NAMES = Object.keys(contenders);

// --- equivalence of what is sent --------------------------------------------------------------
const APP_HEADERS = Object.keys(HEADERS);
await control("record", { on: true });
const sent = {};
for (const name of NAMES) {
  await contenders[name]();
  const [req] = (await control("requests", { keep: true })).requests;
  sent[name] = req;
}
await control("record", { on: false });
// sameBody: every body is the same JSON value as textBody.
const equivalence = { sameBody: true, sameAppHeaders: true, details: {} };
for (const name of NAMES) {
  const r = sent[name];
  const app = Object.fromEntries(APP_HEADERS.map((h) => [h, r.headers[h]]));
  const extra = Object.keys(r.headers).filter((h) => !APP_HEADERS.includes(h)).sort();
  equivalence.details[name] = { method: r.method, url: r.url, bodyBytes: Buffer.byteLength(r.body), appHeaders: app, otherHeaders: Object.fromEntries(extra.map((h) => [h, r.headers[h]])) };
  // @botpress/client orders the keys as its schema does: same JSON, other byte order.
  equivalence.details[name].bodyBytesIdentical = r.body === sent.raw.body;
  if (!isDeepStrictEqual(JSON.parse(r.body), textBody) || r.url !== MESSAGE_PATH || r.method !== "POST") equivalence.sameBody = false;
  for (const h of APP_HEADERS) {
    const value = h === "content-type" ? (r.headers[h] ?? "").toLowerCase().replace(/;\s*charset=utf-8$/, "") : r.headers[h];
    if (value !== HEADERS[h]) {
      equivalence.sameAppHeaders = false;
    }
  }
}
if (!equivalence.sameBody || !equivalence.sameAppHeaders) {
  console.error("throughput: the contenders do not send equivalent requests:\n" + JSON.stringify(equivalence.details, null, 2));
  process.exitCode = 1;
}

// --- timed rounds -----------------------------------------------------------------------------
async function runFor(fn, concurrency, ms) {
  const deadline = performance.now() + ms;
  let done = 0;
  const loop = async () => {
    while (performance.now() < deadline) {
      await fn();
      done++;
    }
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const s0 = await control("stats");
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const s1 = await control("stats");
  const serverCpu = s1.cpu.user + s1.cpu.system - (s0.cpu.user + s0.cpu.system);
  return {
    rps: done / elapsed,
    requests: done,
    clientCpuUsPerReq: (cpu.user + cpu.system) / done,
    clientCpuPct: (100 * (cpu.user + cpu.system)) / 1e6 / elapsed,
    serverCpuPct: (100 * serverCpu) / 1e6 / elapsed,
    newConnections: s1.connections - s0.connections,
    serverRequests: s1.requests - s0.requests,
  };
}

const results = {};
for (const c of CONCURRENCY) {
  for (const name of NAMES) await runFor(contenders[name], c, WARMUP_MS);
  const rounds = Object.fromEntries(NAMES.map((n) => [n, []]));
  for (let r = 0; r < ROUNDS; r++) {
    const order = NAMES.map((_, i) => NAMES[(i + r) % NAMES.length]);
    for (const name of order) rounds[name].push(await runFor(contenders[name], c, ROUND_MS));
  }
  const med = (name, key) => median(rounds[name].map((x) => x[key]));
  results[`c${c}`] = Object.fromEntries(
    NAMES.map((n) => [
      n,
      {
        rps: med(n, "rps"),
        rpsRounds: rounds[n].map((x) => Math.round(x.rps)),
        // Rounds of A, B and C run back to back, so each round gives a paired ratio; the
        // median of those is steadier than a ratio of medians when the machine is shared.
        ratioToRaw: median(rounds[n].map((x, r) => x.rps / rounds.raw[r].rps)),
        ratioOfMedians: med(n, "rps") / med("raw", "rps"),
        ratioToRawAbort: median(rounds[n].map((x, r) => x.rps / rounds.rawAbort[r].rps)),
        cpuRatioToRaw: med("raw", "clientCpuUsPerReq") / med(n, "clientCpuUsPerReq"),
        clientCpuUsPerReq: med(n, "clientCpuUsPerReq"),
        clientCpuPct: med(n, "clientCpuPct"),
        serverCpuPct: med(n, "serverCpuPct"),
        newConnectionsPerRound: rounds[n].map((x) => x.newConnections),
      },
    ]),
  );
}

server.disconnect();
console.log(
  JSON.stringify({
    config: { rounds: ROUNDS, roundMs: ROUND_MS, warmupMs: WARMUP_MS, concurrency: CONCURRENCY, transport: FETCH_TRANSPORT, server: "node:http, separate process, keep-alive" },
    equivalence,
    results,
  }),
);
