// Where the throughput gap to a raw fetch comes from: JS functions doing, step by step, what
// our call does around `fetch`, beside the package itself, against the loopback server
// (server.mjs, its own process) at one concurrency. Not part of `make bench` (it explains
// figure 2). Each contender runs in interleaved rounds; req/s and client CPU per request
// (process.cpuUsage), medians. Contenders:
//   manual    raw fetch + a per-request AbortController + redirect: "manual", res.text()
//   timer     + a timer per request (setTimeout/clearTimeout) and the headers copied
//   reader    + the body read with a reader, decoded chunk by chunk (as our call does)
//   validate  + validateGetOrCreateMessage(body) from this package first
//   ours      Client.getOrCreateMessage (global fetch)
//   injected  Client.getOrCreateMessage with an injected fetch that calls the global one
// Usage: node tests/bench/throughput-steps.mjs [--rounds 5] [--round-ms 1200] [--concurrency 16]
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Client, validateGetOrCreateMessage } from "botpress-chat-wasm";
import { BOT_ID, HEADERS, MESSAGE_PATH, TOKEN, median, textBody } from "./common.mjs";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROUNDS = arg("--rounds", 5);
const ROUND_MS = arg("--round-ms", 1200);
const CONCURRENCY = arg("--concurrency", 16);

const server = fork(fileURLToPath(new URL("server.mjs", import.meta.url)), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
const port = await new Promise((resolve, reject) => {
  server.once("message", (m) => resolve(m.port));
  server.once("exit", (code) => reject(new Error(`bench server exited early (${code})`)));
});
try {
  const base = `http://127.0.0.1:${port}`;
  const url = base + MESSAGE_PATH;
  const decoder = new TextDecoder();
  const stream = { stream: true };
  const abort = AbortController.prototype.abort;
  const readAll = async (res) => {
    const reader = res.body.getReader();
    let text = "";
    for (;;) {
      const r = await reader.read();
      if (r.done) return text + decoder.decode();
      text += decoder.decode(r.value, stream);
    }
  };
  const post = (signal, headers = HEADERS) =>
    fetch(url, { method: "POST", headers, body: JSON.stringify(textBody), signal, redirect: "manual" });
  const timed = async (read) => {
    const c = new AbortController();
    const t = setTimeout(abort.bind(c, undefined), 30_000);
    const res = await post(c.signal, Object.assign({}, HEADERS));
    const text = await read(res);
    clearTimeout(t);
    return JSON.parse(text);
  };
  const ours = new Client({ token: TOKEN, botId: BOT_ID, baseUrl: base });
  const global = globalThis.fetch;
  const injected = new Client({ token: TOKEN, botId: BOT_ID, baseUrl: base, fetch: (u, init) => global(u, init) });
  const contenders = {
    manual: async () => JSON.parse(await (await post(new AbortController().signal)).text()),
    timer: () => timed((res) => res.text()),
    reader: () => timed(readAll),
    validate: () => {
      if (validateGetOrCreateMessage(textBody).length) throw new Error("the bench body is invalid");
      return timed(readAll);
    },
    ours: () => ours.getOrCreateMessage(textBody),
    injected: () => injected.getOrCreateMessage(textBody),
  };
  const run = async (fn, ms) => {
    const deadline = performance.now() + ms;
    let done = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < deadline) {
          await fn();
          done++;
        }
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    return { rps: done / ((performance.now() - t0) / 1000), cpuUs: (cpu.user + cpu.system) / done };
  };
  const names = Object.keys(contenders);
  const results = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) await run(contenders[n], 300); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < names.length; k++) {
      const n = names[(k + r) % names.length];
      results[n].push(await run(contenders[n], ROUND_MS));
    }
  }
  const oursRps = median(results.ours.map((x) => x.rps));
  console.log(`concurrency ${CONCURRENCY}, ${ROUNDS} rounds × ${ROUND_MS} ms, medians:`);
  for (const n of names) {
    const rps = median(results[n].map((x) => x.rps));
    const cpu = median(results[n].map((x) => x.cpuUs));
    console.log(`${n.padEnd(9)} ${rps.toFixed(0).padStart(6)} req/s (${(rps / oursRps).toFixed(2)}× ours)  ${cpu.toFixed(0).padStart(4)} µs client CPU/request`);
  }
} finally {
  server.kill();
}
