// Soak: 20 000 calls at concurrency 32 against the emulator with 10 % chaos faults (503 / 429
// with Retry-After 0, 500, a dropped connection, an nginx 502), through the real global fetch.
// About 1 % of the calls go to a second loopback server that answers with large and endless
// bodies instead (a 7 MB valid answer under the 8 MiB cap, 20 MB and endless 2xx bodies past
// it, a 50 MB error body), to show memory stays flat with them too.
//
//   node --expose-gc tests/reliability/soak.mjs [--seed=N] [--calls=20000] [--concurrency=32] [--rate=0.1]
//
// Passes when every call settles, none with an unexpected error type, no unhandled rejection,
// the token in no error, and memory is flat: after a GC, the JS heap after the last call is
// within 2 MB (or 10 %) of the heap after the first 2 000 calls, and the wasm linear memory has
// not grown at all between those two points. Prints totals by outcome and the memory series.

import http from "node:http";
import { assertNoSecret, streamBody } from "../js/helpers/util.mjs";
import { startEmulator } from "../js/helpers/emulator.mjs";
import { describe, intOption, loadPackage, mb, memorySnapshot, prng, seedFromArgs, violations } from "./lib.mjs";

const CALLS = intOption("calls", "SOAK_CALLS", 20_000);
const CONCURRENCY = intOption("concurrency", "SOAK_CONCURRENCY", 32);
const rateArg = process.argv.find((a) => a.startsWith("--rate="));
const RATE = Number(rateArg ? rateArg.slice(7) : process.env.SOAK_RATE ?? 0.1);
const WARM = Math.min(2_000, Math.floor(CALLS / 10));
const DEADLINE_MS = 170_000;
const seed = seedFromArgs("soak");
const rng = prng(seed);
const bad = violations("soak");

if (typeof globalThis.gc !== "function") console.log("soak: run with --expose-gc for meaningful heap figures");

// A third of the calls share one AbortSignal (never aborted): it must keep one listener at
// most, so Node never warns (MaxListenersExceededWarning).
const shared = new AbortController();
const warnings = [];
process.on("warning", (w) => warnings.push(`${w.name}: ${w.message}`));

let unhandled = 0;
process.on("unhandledRejection", (e) => {
  unhandled++;
  bad.add("unhandled rejection", describe(e));
});

const pkg = await loadPackage();
const { Client, BotpressError, ApiError, NetworkError, ValidationError, InvalidResponseError } = pkg;
const BIG_RATE = 0.01;

const emu = await startEmulator();
const TOKEN = "sk_soak_SECRET_3e9a71";
const USER = "user_01HZY0000000000000000000AB";
const UNKNOWN_CONV = "conv_00000000000000000000000000";

async function control(method, path, body) {
  const res = await fetch(`${emu.url}/__emulator${path}`, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
  if (!res.ok) throw new Error(`emulator ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

// The large-bodies server: the path says what to answer.
const bigValid = JSON.stringify({
  conversation: { id: "conv_big", createdAt: "x", updatedAt: "x", channel: "soak", integration: "i", tags: {}, pad: "y".repeat(7 * 2 ** 20) },
});
const bigServer = http.createServer((req, res) => {
  req.resume();
  const kind = req.headers["x-big"];
  if (kind === "valid 7 MB") res.end(bigValid);
  else if (kind === "20 MB 2xx") {
    res.writeHead(200, { "content-length": String(20 * 2 ** 20) });
    streamBody(res, 20 * 2 ** 20, 0x20);
  } else if (kind === "endless 2xx") {
    res.writeHead(200);
    streamBody(res, Infinity, 0x20);
  } else {
    res.writeHead(500, { "content-type": "text/html" });
    streamBody(res, 50 * 2 ** 20, 0x3c);
  }
});
await new Promise((r) => bigServer.listen(0, "127.0.0.1", r));
const bigUrl = `http://127.0.0.1:${bigServer.address().port}`;
const BIG_KINDS = ["valid 7 MB", "20 MB 2xx", "endless 2xx", "50 MB error body"];
const bigClients = Object.fromEntries(BIG_KINDS.map((k) => [k, new Client({ token: TOKEN, botId: "bot_soak", baseUrl: bigUrl, maxRetries: 0, timeoutMs: 0, headers: { "x-big": k } })]));

async function bigCall(kind) {
  try {
    const r = await bigClients[kind].getOrCreateConversation({ channel: "soak", tags: { big: kind } });
    if (kind !== "valid 7 MB" || r?.conversation?.id !== "conv_big") bad.add(`${kind}: resolved`, describe(r?.conversation?.id));
    return `big: ${kind}: resolved`;
  } catch (e) {
    const expected = kind === "valid 7 MB" ? null : kind === "50 MB error body" ? ApiError : InvalidResponseError;
    if (!expected || !(e instanceof expected)) bad.add(`${kind}: ${e?.name}`, describe(e));
    else if (expected === InvalidResponseError && !e.issues.some((i) => i.code === "too_large")) bad.add(`${kind}: no too_large issue`, describe(e.issues));
    try {
      assertNoSecret(e, TOKEN);
    } catch (leak) {
      bad.add("the token leaks into an error", String(leak.message).slice(0, 300));
    }
    return `big: ${kind}: rejected ${e?.name}`;
  }
}

let exitCode = 1;
try {
  await emu.reset();
  const client = new Client({ token: TOKEN, botId: "bot_soak", baseUrl: emu.url, timeoutMs: 10_000 });

  // A pool of conversations to post messages into, made before the chaos starts.
  const conversations = [];
  for (let i = 0; i < 64; i++) {
    const r = await client.getOrCreateConversation({ channel: "soak", tags: { pool: String(i) } });
    conversations.push(r.conversation.id);
  }
  await control("POST", "/chaos", { rate: RATE, seed });
  const statsBefore = await emu.stats();

  const outcomes = new Map();
  const count = (k) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
  const memory = [];
  let started = 0;
  let settled = 0;
  let retried = 0;
  let noRetry = 0;
  const t0 = Date.now();

  function sample(label) {
    const m = memorySnapshot();
    memory.push({ label, calls: settled, ...m });
  }
  sample("before");

  // One of each large body before the warm-up point, so the flat-memory check below covers
  // them (the 7 MB answer grows wasm memory once; later ones reuse it).
  for (const kind of BIG_KINDS) count(await bigCall(kind));

  async function oneCall() {
    if (rng.chance(BIG_RATE)) {
      count(await bigCall(rng.pick(BIG_KINDS)));
      return;
    }
    const kind = rng.weighted([
      [50, "conversation"],
      [46, "message"],
      [4, "message to an unknown conversation"],
    ]);
    const opts = rng.chance(1 / 3) ? { maxRetries: 0 } : rng.chance(0.5) ? { signal: shared.signal } : undefined;
    if (opts?.maxRetries === 0) noRetry++;
    else retried++;
    const body =
      kind === "conversation"
        ? { channel: "soak", tags: { k: String(rng.int(500)) }, ...(rng.chance(0.3) ? { discriminateByTags: ["k"] } : {}) }
        : {
            type: rng.pick(["text", "text", "custom"]),
            payload: { text: `hello ${rng.int(1000)}` },
            userId: USER,
            conversationId: kind === "message" ? rng.pick(conversations) : UNKNOWN_CONV,
            tags: { m: String(rng.int(200)) },
          };
    try {
      const r = kind === "conversation" ? await client.getOrCreateConversation(body, opts) : await client.getOrCreateMessage(body, opts);
      const item = kind === "conversation" ? r?.conversation : r?.message;
      if (typeof item?.id !== "string") bad.add(`${kind}: resolved without an id`, describe(r));
      if (kind === "message to an unknown conversation") bad.add(`${kind}: resolved`, describe(r));
      count(`resolved (${r?.meta?.created ? "created" : "found"})`);
    } catch (e) {
      if (!(e instanceof BotpressError)) {
        bad.add(`${kind}: rejected with a non-BotpressError`, describe(e));
        count(`rejected ${e?.name ?? typeof e} (unexpected)`);
        return;
      }
      if (e instanceof ValidationError) bad.add(`${kind}: ValidationError for a valid body`, e.message);
      // A 404, or a chaos fault that won (an ApiError or a dropped connection).
      if (kind === "message to an unknown conversation" && !(e instanceof ApiError || e instanceof NetworkError)) bad.add(`${kind}: ${e.name}`, e.message);
      try {
        assertNoSecret(e, TOKEN);
      } catch (leak) {
        bad.add("the token leaks into an error", String(leak.message).slice(0, 300));
      }
      count(`rejected ${e.name}${e instanceof ApiError ? ` ${e.status}${e.status === 404 ? "" : ` (${e.retryable ? "retryable" : "final"})`}` : ""}`);
    }
  }

  const deadline = setTimeout(() => {
    bad.add(`not finished after ${DEADLINE_MS / 1000} s: ${started} started, ${settled} settled`);
    finish();
  }, DEADLINE_MS);

  async function worker() {
    while (started < CALLS) {
      started++;
      await oneCall();
      settled++;
      if (settled === WARM) sample(`after ${WARM}`);
      else if (settled % 2_000 === 0 && settled !== CALLS) sample(`after ${settled}`);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  clearTimeout(deadline);
  const elapsed = (Date.now() - t0) / 1000;
  sample(`after ${settled} (end)`);
  const statsAfter = await emu.stats();
  await control("POST", "/chaos", { rate: 0 });

  // The instance still works after the soak.
  const alive = await client.getOrCreateConversation({ channel: "soak", tags: { pool: "0" } });
  if (alive.conversation.id !== conversations[0]) bad.add("after the soak, get-or-create did not find the first conversation");

  if (settled !== CALLS) bad.add(`${settled} of ${CALLS} calls settled`);
  for (const w of warnings) bad.add("process warning", w);
  if (unhandled) bad.add(`${unhandled} unhandled rejections`);

  // Memory: flat between the warm-up point and the end.
  const warm = memory.find((m) => m.label === `after ${WARM}`);
  const end = memory[memory.length - 1];
  const heapGrowth = end.heapUsed - warm.heapUsed;
  const wasmGrowth = end.wasm === null ? null : end.wasm - warm.wasm;
  if (typeof globalThis.gc === "function" && heapGrowth > Math.max(2 * 2 ** 20, warm.heapUsed * 0.1)) {
    bad.add(`JS heap grew by ${mb(heapGrowth)} between ${WARM} and ${settled} calls`);
  }
  if (wasmGrowth === null) bad.add("the wasm memory was not observed");
  else if (wasmGrowth > 0) bad.add(`wasm memory grew by ${wasmGrowth} bytes between ${WARM} and ${settled} calls`);

  const requests = statsAfter.requests - statsBefore.requests;
  const faults = statsAfter.faults - statsBefore.faults;
  console.log(`\nsoak: ${CALLS} calls at concurrency ${CONCURRENCY}, chaos rate ${RATE} (seed ${seed}) in ${elapsed.toFixed(1)} s (${Math.round(CALLS / elapsed)} calls/s)`);
  console.log(`  ${settled} settled, ${unhandled} unhandled rejections; ${retried} calls with maxRetries 2, ${noRetry} with maxRetries 0`);
  console.log(`  emulator: ${requests} HTTP requests, ${faults} chaos faults injected (${((100 * faults) / requests).toFixed(1)} %)`);
  console.log("outcomes:");
  for (const [k, n] of [...outcomes].sort()) console.log(`  ${String(n).padStart(7)}  ${k}`);
  console.log("memory (after GC):   calls    JS heap   arrayBuffers   wasm memory        rss");
  for (const m of memory) {
    console.log(`  ${m.label.padEnd(20)} ${String(m.calls).padStart(5)} ${mb(m.heapUsed).padStart(10)} ${mb(m.arrayBuffers).padStart(14)} ${mb(m.wasm).padStart(13)} ${mb(m.rss).padStart(10)}`);
  }
  console.log(`  JS heap ${heapGrowth >= 0 ? "+" : ""}${mb(heapGrowth)} and wasm memory ${wasmGrowth >= 0 ? "+" : ""}${wasmGrowth} bytes from ${WARM} to ${settled} calls`);
  console.log(`violations: ${bad.count}`);
  exitCode = bad.count ? 1 : 0;
} catch (e) {
  bad.add("the soak itself failed", e && e.stack);
} finally {
  await finish();
}

async function finish() {
  bigServer.closeAllConnections();
  bigServer.close();
  await emu.stop();
  process.exit(exitCode);
}
