// Response fuzzing: an injected fetch answers every call with a random outcome (statuses from
// 0 to 999, odd headers, truncated / wrong-typed / huge / deep / invalid UTF-8 bodies, fetch
// throwing or returning junk, text() failing, answers that never come), and every call must
// settle in time with a typed error or a valid output.
//
//   node tests/reliability/response-fuzz.mjs [--seed=N] [--calls=20000]
//
// Properties, for every call:
//   - it settles within (attempts × (timeoutMs + 50 ms) + retry waits + 3 s);
//   - it resolves to the server's JSON with the documented shape, or rejects with the
//     BotpressError subclass the outcome calls for (ApiError with the real status, NetworkError,
//     TimeoutError with timeoutMs, InvalidResponseError with status and issues);
//   - the token (echoed by bodies, headers and thrown errors) is in no error;
//   - no unhandled rejection, no wasm trap, no prototype pollution, and a valid call works after.
// Exit status 1 when any property broke.
//
// Bug this script found (fixed): an injected fetch, or a text(), that never settles and ignores
// the abort signal hung the call forever; timeoutMs now bounds every await.
//
// Since the transport reads responses through web-sys and gloo-net (gloo-net's getters have
// no `catch`, so it may only read what nobody else holds), it also gets objects that pass
// `instanceof Response` without being the host's own (Object.create, subclasses, Proxies, own getters shadowing the
// prototype's, a body locked or a getReader replaced, a response changed while its body
// streams), and fetches that reject with a function, undefined, a BigInt or a throwing Proxy
// (gloo-net's own send() has an unreachable! for those).

import { isDeepStrictEqual } from "node:util";
import { assertNoSecret } from "../js/helpers/util.mjs";
import {
  conversationResponse,
  describe,
  intOption,
  loadPackage,
  mb,
  memorySnapshot,
  messageResponse,
  prng,
  prototypeKeys,
  seedFromArgs,
  violations,
} from "./lib.mjs";

const CALLS = intOption("calls", "RESPONSE_CALLS", 20_000);
const CONCURRENCY = 64;
const seed = seedFromArgs("response-fuzz");
const rng = prng(seed);
const bad = violations("response-fuzz");

let unhandled = 0;
process.on("unhandledRejection", (e) => {
  unhandled++;
  bad.add("unhandled rejection", describe(e));
});

const pkg = await loadPackage();
const { Client, BotpressError, ApiError, NetworkError, TimeoutError, InvalidResponseError, ValidationError } = pkg;
const prototypesBefore = prototypeKeys();
const memStart = memorySnapshot();

const TOKEN = "sk_respfuzz_SECRET_8c2b4e";
const TEN_MB = 10 * 2 ** 20;

// ---------------------------------------------------------------------------------------
// Bodies

function randomText(n) {
  return String.fromCharCode(...Array.from({ length: n }, () => rng.int(0x10000)));
}

function validBody(endpoint) {
  const extra = rng.weighted([
    [4, {}],
    [1, { unknownField: { nested: [1, 2, 3] }, messageCount: 3 }],
    [1, JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}')],
    [1, { tags: JSON.parse('{"__proto__":"x","a":null}') }],
    [1, { properties: null, currentTaskId: null, origin: null }],
    [1, { huge: 1e308, tiny: 5e-324, big: 2 ** 64 }],
  ]);
  const base = endpoint === "conversation" ? conversationResponse(extra) : messageResponse(extra);
  if (rng.chance(0.2)) delete base.meta;
  return JSON.stringify(base);
}

function deepJson(n) {
  return rng.chance(0.5) ? "[".repeat(n) + "]".repeat(n) : '{"a":'.repeat(n) + "1" + "}".repeat(n);
}

/** A 2xx body: valid, or broken in one of many ways. */
function successBody(endpoint) {
  const valid = validBody(endpoint);
  const key = endpoint === "conversation" ? "conversation" : "message";
  return rng.weighted([
    [6, () => valid],
    [3, () => valid.slice(0, rng.int(valid.length))],
    [2, () => valid.replace(/"(id|tags|channel|payload|type|createdAt)":("[^"]*"|\{\})/, (_, k) => `"${k}":${rng.pick(["1", "null", "[]", "true", '{"x":1}', "1e999", '"s"'])}`)],
    [1, () => valid.replace(/"createdAt"/, '"n":' + "9".repeat(400) + ',"createdAt"')],
    [1, () => `{"${key}":{"id":"x","deep":${deepJson(10_000)}}}`],
    [1, () => `{"${key}":${deepJson(rng.pick([63, 64, 65, 1000]))}}`],
    [1, () => rng.pick(["", "null", "[]", '"str"', "0", "{}", `{"${key}":null}`, `{"${key}":[]}`, "\ufeff" + valid, valid + "x", valid + valid, "<html>502</html>", "NaN", "{'a':1}"])],
    [1, () => randomText(rng.int(64))],
    [1, () => new TextEncoder().encode(valid).map((b, i) => (i % 7 === 3 && rng.chance(0.3) ? 0xff : b))], // invalid UTF-8
    [1, () => Uint8Array.from({ length: rng.int(64) }, () => rng.int(256))],
  ])();
}

/** A non-2xx body. */
function errorBody(status) {
  return rng.weighted([
    [3, () => JSON.stringify({ id: "err_1", code: status, type: rng.pick(["ResourceNotFound", "RateLimited", "Internal", "", "x".repeat(300)]), message: rng.pick(["nope", `echo Bearer ${TOKEN}`, ""]), metadata: rng.pick([undefined, { a: 1 }, [1], "m", { token: TOKEN }, JSON.parse('{"__proto__":{"polluted":1}}')]) })],
    [2, () => rng.pick(["", "<html><body>Bad Gateway</body></html>", `upstream said Bearer ${TOKEN}`, "null", "{}", '{"id":1,"code":"x","type":2,"message":3}', `{"type":"Unauthorized","message":"${TOKEN}"}`])],
    [1, () => deepJson(10_000)],
    [1, () => randomText(rng.int(300))],
    [1, () => Uint8Array.from({ length: rng.int(64) }, () => rng.int(256))],
  ])();
}

// ---------------------------------------------------------------------------------------
// Headers. With a retry left, only hints that wait at most ~1 s (the cap is 60 s: a huge
// Retry-After with retries on would just make the run slow, and the clamp is tested natively).

const SHORT_HINTS = ["-1", "1e999", "NaN", "", "abc", "0", "0.01", "0.5", "-0", "1.5e3", "+1", "0x10", " 0 ", "Sun, 06 Nov 1994 08:49:37 GMT", "Thu, 31 Feb 2024 00:00:00 GMT", "garbage, 99 Foo 99999 99:99:99 XYZ", "\t1\t", "0.999"];
const ANY_HINTS = [...SHORT_HINTS, "61", "3600", "99999999999999999999999999999999", "Fri, 31 Dec 9999 23:59:59 GMT", "1", "60", "1700000000", "9".repeat(5000)];

function headers(retriesLeft) {
  const h = new Headers();
  const hints = retriesLeft ? SHORT_HINTS : ANY_HINTS;
  for (const name of ["retry-after", "retry-after-ms", "ratelimit-reset", "x-ratelimit-reset"]) {
    if (rng.chance(0.3)) h.set(name, rng.pick(hints));
  }
  if (rng.chance(0.5)) h.set("x-request-id", rng.pick(["req_1", `req_${TOKEN}`, "", "x".repeat(1000)]));
  if (rng.chance(0.3)) h.set("content-type", rng.pick(["application/json", "text/html", "application/json; charset=latin1", "x"]));
  if (rng.chance(0.1)) h.set("location", "http://127.0.0.2:1/elsewhere");
  return h;
}

/** The waits a retry may add: a short hint (≤ 1 s) or the first backoff (≤ 500 ms). */
const RETRY_WAIT_MS = 1_000;

// ---------------------------------------------------------------------------------------
// Scenarios: what fetch does on every attempt of one call, and what the call must end with.

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

const never = (signal) =>
  new Promise((_, reject) => {
    signal?.addEventListener("abort", () => reject(signal.reason ?? new DOMException("aborted", "AbortError")), { once: true });
  });

/** A body that never ends (64 KiB chunks, as fetch reads them); with `stubborn`, it also ignores cancel(). */
function endless(stubborn = false) {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  return new ReadableStream({ pull: (c) => c.enqueue(chunk), cancel: stubborn ? () => new Promise(() => {}) : undefined });
}

/** What Response.text() gives for this body: UTF-8 round trip (lone surrogates and invalid
 * bytes become U+FFFD) and a leading BOM dropped. */
function textOf(body) {
  return new TextDecoder().decode(typeof body === "string" ? new TextEncoder().encode(body) : body);
}

function scenario(endpoint, retries) {
  return rng.weighted([
    // A real Response, 2xx.
    [30, () => {
      const body = successBody(endpoint);
      const status = rng.pick([200, 200, 200, 201, 202, 203, 206, 226, 299]);
      return { kind: "2xx", fetch: () => new Response(body, { status, headers: headers(retries) }), expect: { ok: textOf(body), status } };
    }],
    [3, () => ({ kind: "2xx without body", fetch: () => new Response(null, { status: rng.pick([204, 205, 200]) }), expect: { cls: InvalidResponseError } })],
    // A real Response, 3xx-5xx.
    [30, () => {
      const status = rng.chance(0.6) ? rng.pick([300, 301, 302, 303, 307, 308, 400, 401, 403, 404, 408, 409, 413, 418, 429, 500, 501, 502, 503, 504, 505, 599]) : 300 + rng.int(300);
      const body = status === 304 ? null : errorBody(status); // 304 cannot carry a body
      return { kind: status < 400 ? "3xx" : status < 500 ? "4xx" : "5xx", fetch: () => new Response(body, { status, headers: headers(retries) }), expect: { cls: ApiError, status } };
    }],
    // A plain Response-like object with an odd status.
    [8, () => {
      const status = rng.pick([0, 100, 101, 103, 199, 1.5, -1, 600, 999, 1000, NaN, Infinity, "200", null, undefined, 2 ** 53, -0]);
      const obj = { status, headers: new Headers(), text: async () => validBody(endpoint) };
      const number = typeof status === "number" && Number.isInteger(status) && status >= 0 && status <= 599;
      return { kind: "odd status", fetch: () => obj, expect: { cls: !number ? InvalidResponseError : status < 200 ? NetworkError : ApiError } };
    }],
    // A Response-like object whose headers or text() misbehave.
    [10, () => {
      const status = rng.pick([200, 404, 500, 503, 429]);
      const body = status < 300 ? validBody(endpoint) : errorBody(status);
      const how = rng.pick(["headers get throws", "headers missing", "headers get not a function", "headers a Map", "text rejects", "text throws", "text not a function", "text gives a number", "text gives null", "text never settles", "status getter throws", "headers get gives a number"]);
      let expect = status < 300 ? { ok: textOf(body), status } : { cls: ApiError, status };
      const obj = { status, headers: new Headers(headers(retries)), text: async () => textOf(body) };
      const make = (init) => {
        const o = { ...obj };
        if (how === "headers get throws") o.headers = { get() { throw new Error(`headers ${TOKEN}`); } };
        if (how === "headers missing") delete o.headers;
        if (how === "headers get not a function") o.headers = { get: 5 };
        if (how === "headers a Map") o.headers = new Map([["retry-after", "0"]]);
        if (how === "headers get gives a number") o.headers = { get: () => 5 };
        if (how === "text rejects") o.text = () => Promise.reject(new Error(`body stream broke ${TOKEN}`));
        if (how === "text throws") o.text = () => { throw new Error(`sync ${TOKEN}`); };
        if (how === "text not a function") o.text = "body";
        if (how === "text gives a number") o.text = async () => 42;
        if (how === "text gives null") o.text = async () => null;
        if (how === "text never settles") o.text = () => never(init.signal);
        if (how === "status getter throws") Object.defineProperty(o, "status", { get() { throw new Error("status"); } });
        return o;
      };
      if (how === "text rejects") expect = { cls: NetworkError };
      if (["text throws", "text not a function", "text gives a number", "text gives null", "status getter throws"].includes(how)) expect = { cls: InvalidResponseError };
      if (how === "text never settles") expect = { cls: TimeoutError };
      return { kind: `response-like: ${how}`, fetch: make, expect };
    }],
    // What the web-sys / gloo-net path checks before it reads a Response: objects that pass
    // `instanceof Response` but are not the host's own, and the host's own ones changed by the
    // fetch that made them. None may throw through wasm: each settles with the error the
    // Response-like path gives, or works.
    [8, () => {
      const status = rng.pick([200, 200, 404, 503]);
      const body = status < 300 ? validBody(endpoint) : errorBody(status);
      const fine = status < 300 ? { ok: textOf(body), status } : { cls: ApiError, status };
      const invalid = { cls: InvalidResponseError };
      const real = () => new Response(body, { status, headers: headers(retries) });
      const throwing = (what) => ({ get() { throw new Error(`${what} ${TOKEN}`); }, configurable: true });
      const how = rng.pick(["in a forwarding Proxy", "Object.create(Response.prototype)", "subclass with a throwing status", "own throwing status", "own throwing body", "own throwing headers", "locked body", "getReader shadowed", "headers.get shadowed", "changed while the body streams", "Proxy whose getPrototypeOf throws", "revoked Proxy", "Proxy that throws from the n-th read on"]);
      const make = () => {
        const r = real();
        switch (how) {
          case "in a forwarding Proxy": return new Proxy(r, {});
          case "Object.create(Response.prototype)": return Object.create(Response.prototype);
          case "subclass with a throwing status": return Object.setPrototypeOf(r, class extends Response { get status() { throw new Error(`sub ${TOKEN}`); } }.prototype);
          case "own throwing status": return Object.defineProperty(r, "status", throwing("status"));
          case "own throwing body": return Object.defineProperty(r, "body", throwing("body"));
          case "own throwing headers": return Object.defineProperty(r, "headers", throwing("headers"));
          case "locked body": r.body?.getReader(); return r;
          case "getReader shadowed": if (r.body) r.body.getReader = rng.pick([() => { throw new Error(`getReader ${TOKEN}`); }, () => ({ read: 5 }), () => ({ read: () => ({ done: false, value: "text" }) }), () => 42]); return r;
          case "headers.get shadowed": r.headers.get = () => { throw new Error(`get ${TOKEN}`); }; return r;
          case "changed while the body streams": {
            const bytes = new TextEncoder().encode(typeof body === "string" ? body : "");
            const slow = new Response(new ReadableStream({ start: (c) => setTimeout(() => { c.enqueue(bytes); c.close(); }, 2) }), { status, headers: headers(retries) });
            setTimeout(() => {
              slow.headers.get = () => { throw new Error(`late get ${TOKEN}`); };
              Object.defineProperty(slow, "status", throwing("late status"));
            }, 0);
            return slow;
          }
          case "Proxy whose getPrototypeOf throws": return new Proxy(r, { getPrototypeOf() { throw new Error(`proto ${TOKEN}`); } });
          case "revoked Proxy": { const { proxy, revoke } = Proxy.revocable(r, {}); revoke(); return proxy; }
          case "Proxy that throws from the n-th read on": {
            // Passes any check made by reading it, then throws (Node's getters run its traps).
            let reads = 0;
            const n = rng.int(8);
            return new Proxy(r, { get(t, k, recv) { if (reads++ >= n) throw new Error(`late trap ${TOKEN}`); const v = Reflect.get(t, k, recv); return v; } });
          }
        }
      };
      const expect = {
        "in a forwarding Proxy": null, // Node's own getters accept a Proxy: read as the Response it wraps
        "Object.create(Response.prototype)": invalid,
        "subclass with a throwing status": invalid,
        "own throwing status": invalid,
        "own throwing body": typeof body === "string" ? fine : null, // read through text()
        "own throwing headers": fine,
        "locked body": { cls: NetworkError },
        "getReader shadowed": null,
        "headers.get shadowed": fine,
        "changed while the body streams": null, // under load the 2 ms stream may pass timeoutMs

        "Proxy whose getPrototypeOf throws": invalid,
        "revoked Proxy": { cls: NetworkError }, // awaiting it reads `then`, which throws
        "Proxy that throws from the n-th read on": null,
      }[how] ?? { any: true };
      return { kind: `not the host's Response: ${how}`, fetch: make, expect: how === "in a forwarding Proxy" ? fine : expect };
    }],
    // fetch itself misbehaves.
    [4, () => {
      const thrown = rng.pick([new TypeError("fetch failed"), new Error(`connect to Bearer ${TOKEN}`), "a string", null, 42, Symbol("s"), new DOMException("x", "NetworkError"), undefined, () => TOKEN, 10n, Object.create(null), new Proxy({}, { get() { throw new Error(`trap ${TOKEN}`); } })]);
      return rng.chance(0.5)
        ? { kind: "fetch throws", fetch: () => { throw thrown; }, expect: { cls: NetworkError } }
        : { kind: "fetch rejects", fetch: () => Promise.reject(thrown), expect: { cls: NetworkError } };
    }],
    [3, () => {
      const v = rng.pick([null, undefined, 42, "response", true, Symbol("r"), 10n, {}, [], () => 1]);
      return { kind: "fetch gives a non-Response", fetch: () => Promise.resolve(v), expect: { cls: InvalidResponseError } };
    }],
    [2, () => ({ kind: "fetch gives a throwing thenable", fetch: () => ({ then() { throw new Error(`thenable ${TOKEN}`); } }), expect: { cls: NetworkError } })],
    [2, () => ({ kind: "fetch never settles (honours the signal)", fetch: (init) => never(init.signal), expect: { cls: TimeoutError } })],
    [1, () => ({ kind: "fetch never settles (ignores the signal)", fetch: () => new Promise(() => {}), expect: { cls: TimeoutError } })],
    [1, () => ({ kind: "text never settles (ignores the signal)", fetch: () => ({ status: 200, headers: new Headers(), text: () => new Promise(() => {}) }), expect: { cls: TimeoutError } })],
    // Bodies as streams: past maxResponseBytes (8 MiB by default), endless, broken.
    [2, () => ({ kind: "stream: endless 2xx", fetch: () => new Response(endless(), { status: 200 }), expect: { cls: InvalidResponseError, status: 200, issue: "too_large" } })],
    [1, () => ({ kind: "stream: endless 2xx that ignores cancel", fetch: () => new Response(endless(true), { status: 200 }), expect: { cls: InvalidResponseError, status: 200, issue: "too_large" } })],
    [2, () => {
      const status = rng.pick([500, 502, 503, 404, 429]);
      return { kind: "stream: endless error body", fetch: () => new Response(endless(), { status }), expect: { cls: ApiError, status } };
    }],
    [1, () => ({ kind: "stream: chunks that are not bytes", fetch: () => new Response(new ReadableStream({ pull: (c) => c.enqueue(rng.pick(["text", 42, {}, [1, 2]])) }), { status: 200 }), expect: { cls: InvalidResponseError } })],
    [1, () => ({ kind: "stream: errors mid-body", fetch: () => new Response(new ReadableStream({ start: (c) => { c.enqueue(new Uint8Array(10)); c.error(new Error(`stream broke ${TOKEN}`)); } }), { status: rng.pick([200, 503]) }), expect: { cls: NetworkError } })],
    [1, () => ({ kind: "stream: stalls (ignores the signal)", fetch: () => new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"conv')) }), { status: 200 }), expect: { cls: TimeoutError } })],
    [1, () => {
      const body = validBody(endpoint);
      const bytes = new TextEncoder().encode(body);
      const cut = rng.int(bytes.length);
      // The same valid body in two chunks, split anywhere (inside a UTF-8 sequence too).
      const two = new ReadableStream({ start: (c) => { c.enqueue(bytes.subarray(0, cut)); c.enqueue(bytes.subarray(cut)); c.close(); } });
      return { kind: "stream: valid body in two chunks", fetch: () => new Response(two, { status: 200 }), expect: { ok: body, status: 200 } };
    }],
    // The expensive ones, rarely.
    [0.05, () => {
      const big = rng.chance(0.5) ? `{"${endpoint}":{"id":"${"x".repeat(TEN_MB)}"}}` : validBody(endpoint).slice(0, -1) + `,"pad":"${"é".repeat(TEN_MB / 2)}"}`;
      return { kind: "10 MB body", fetch: () => new Response(big, { status: 200 }), expect: { cls: InvalidResponseError, status: 200, issue: "too_large" } };
    }],
    [0.05, () => ({ kind: "10 MB error body", fetch: () => new Response("<".repeat(TEN_MB), { status: 502 }), expect: { cls: ApiError, status: 502 } })],
    [0.05, () => {
      // Under the cap: 7 MB is read, checked and returned whole.
      const body = validBody(endpoint).slice(0, -2) + `,"pad":"${"y".repeat(7 * 2 ** 20)}"}}`;
      return { kind: "7 MB body", fetch: () => new Response(body, { status: 200 }), expect: { ok: body, status: 200 } };
    }],
  ])();
}

// ---------------------------------------------------------------------------------------
// The client: one instance for the whole run; the fetch finds each call's scenario from the
// tag the body carries.

const scenarios = new Map();
async function fetchRouter(url, init) {
  const id = JSON.parse(init.body).tags.call;
  const s = scenarios.get(id);
  s.attempts++;
  return s.fetch(init);
}
const client = new Client({ token: TOKEN, botId: "bot_respfuzz", baseUrl: "http://127.0.0.1:9", fetch: fetchRouter });

const USER = "user_01HZY0000000000000000000AB";
const CONV = "conv_01HZY0000000000000000000AB";

const count = (map, k) => map.set(k, (map.get(k) ?? 0) + 1);
const outcomes = new Map();
const byKind = new Map();
let settled = 0;
let hung = 0;
let slowest = 0;

async function oneCall(i) {
  const endpoint = rng.chance(0.5) ? "conversation" : "message";
  const maxRetries = rng.chance(0.7) ? 0 : 1;
  const timeoutMs = rng.pick([20, 50, 100]);
  const s = scenario(endpoint, maxRetries > 0);
  s.attempts = 0;
  const id = String(i);
  scenarios.set(id, s);
  count(byKind, s.kind);
  const tags = { call: id };
  const body = endpoint === "conversation" ? { channel: "web", tags } : { type: "text", payload: { text: "hi" }, userId: USER, conversationId: CONV, tags };
  const bound = (maxRetries + 1) * (timeoutMs + 50) + maxRetries * RETRY_WAIT_MS + 3_000;
  const started = Date.now();
  let watchdog;
  const late = new Promise((resolve) => {
    watchdog = setTimeout(() => resolve("hang"), bound);
  });
  let promise;
  try {
    promise = endpoint === "conversation" ? client.getOrCreateConversation(body, { maxRetries, timeoutMs }) : client.getOrCreateMessage(body, { maxRetries, timeoutMs });
  } catch (e) {
    clearTimeout(watchdog);
    bad.add(`#${i} (${s.kind}) threw synchronously`, describe(e));
    return;
  }
  const outcome = await Promise.race([promise.then((v) => ({ v }), (e) => ({ e })), late]);
  clearTimeout(watchdog);
  if (outcome === "hang") {
    hung++;
    count(outcomes, "HUNG");
    bad.add(`#${i} (${s.kind}) did not settle within ${bound} ms (timeoutMs ${timeoutMs}, maxRetries ${maxRetries})`);
    promise.then(() => settled++, () => settled++);
    return;
  }
  settled++;
  slowest = Math.max(slowest, Date.now() - started);
  scenarios.delete(id);
  const { expect } = s;
  if ("v" in outcome) {
    count(outcomes, `resolved`);
    const v = outcome.v;
    const key = endpoint === "conversation" ? "conversation" : "message";
    if (expect.cls) {
      bad.add(`#${i} (${s.kind}) resolved, expected ${expect.cls.name}`, describe(v));
      return;
    }
    if (expect.any) return;
    if (!v || typeof v !== "object" || !v[key] || typeof v[key] !== "object" || typeof v[key].id !== "string") {
      bad.add(`#${i} (${s.kind}) resolved to a value without ${key}.id`, describe(v));
      return;
    }
    let parsed;
    try {
      parsed = JSON.parse(expect.ok);
    } catch {
      bad.add(`#${i} (${s.kind}) resolved although the body is not JSON`, describe(expect.ok));
      return;
    }
    if (!isDeepStrictEqual(v, parsed)) bad.add(`#${i} (${s.kind}) resolved to something other than the server's JSON`);
    return;
  }
  const e = outcome.e;
  count(outcomes, `rejected ${e?.name ?? typeof e}`);
  if (!(e instanceof BotpressError)) {
    bad.add(`#${i} (${s.kind}) rejected with a non-BotpressError`, describe(e));
    return;
  }
  if (e instanceof ValidationError) {
    bad.add(`#${i} (${s.kind}) rejected with ValidationError for a valid body`, describe(e));
    return;
  }
  try {
    assertNoSecret(e, TOKEN);
  } catch (leak) {
    bad.add(`#${i} (${s.kind}) the token leaks into ${e.name}`, String(leak.message).slice(0, 300));
  }
  if (expect.any) return; // any BotpressError will do (checked above)
  if (expect.ok !== undefined) {
    // A 2xx whose body may be broken: resolving or InvalidResponseError with that status.
    if (!(e instanceof InvalidResponseError) || e.status !== expect.status || !Array.isArray(e.issues) || e.issues.length === 0) {
      bad.add(`#${i} (${s.kind}) expected the JSON or InvalidResponseError ${expect.status}, got ${e.name} ${e.status}`, e.message.slice(0, 300));
    }
    return;
  }
  if (!(e instanceof expect.cls)) {
    bad.add(`#${i} (${s.kind}) expected ${expect.cls.name}, got ${e.name}`, e.message.slice(0, 300));
    return;
  }
  if (expect.status !== undefined && e.status !== expect.status) bad.add(`#${i} (${s.kind}) ApiError status ${e.status}, expected ${expect.status}`);
  if (expect.issue !== undefined && !e.issues?.some((x) => x.code === expect.issue)) bad.add(`#${i} (${s.kind}) no ${expect.issue} issue`, describe(e.issues));
  if (e instanceof ApiError && (typeof e.type !== "string" || typeof e.retryable !== "boolean" || e.retryable !== RETRYABLE.has(e.status))) bad.add(`#${i} (${s.kind}) ApiError fields`, describe({ type: e.type, retryable: e.retryable }));
  if (e instanceof TimeoutError && e.timeoutMs !== timeoutMs) bad.add(`#${i} (${s.kind}) TimeoutError.timeoutMs ${e.timeoutMs}, expected ${timeoutMs}`);
  if (e instanceof InvalidResponseError && (!Array.isArray(e.issues) || typeof e.status !== "number")) bad.add(`#${i} (${s.kind}) InvalidResponseError fields`);
  const expectedAttempts = maxRetries > 0 && (e instanceof NetworkError || e instanceof TimeoutError || (e instanceof ApiError && RETRYABLE.has(e.status))) ? 2 : 1;
  if (s.attempts !== expectedAttempts) bad.add(`#${i} (${s.kind}) ${s.attempts} attempts, expected ${expectedAttempts} (${e.name} ${e.status ?? ""}, maxRetries ${maxRetries})`);
}

const t0 = Date.now();
let next = 0;
async function worker() {
  while (next < CALLS) {
    const i = next++;
    await oneCall(i);
    if (i > 0 && i % 5_000 === 0) console.log(`response-fuzz: ${i} calls, ${((Date.now() - t0) / 1000).toFixed(1)} s, ${bad.count} violations`);
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const elapsed = (Date.now() - t0) / 1000;

// ---------------------------------------------------------------------------------------
// Afterwards

if (prototypeKeys() !== prototypesBefore || {}.polluted !== undefined) bad.add("a shared prototype changed");
scenarios.set("alive", { attempts: 0, fetch: () => new Response(JSON.stringify(conversationResponse()), { status: 200 }) });
try {
  const r = await client.getOrCreateConversation({ channel: "web", tags: { call: "alive" } });
  if (typeof r?.conversation?.id !== "string") bad.add("the valid call after the run returned no conversation");
  else console.log("response-fuzz: after the run, a valid call on the same instance succeeded");
} catch (e) {
  bad.add("the valid call after the run failed", describe(e));
}
const memEnd = memorySnapshot();

console.log(`\nresponse-fuzz: ${CALLS} calls (seed ${seed}, concurrency ${CONCURRENCY}) in ${elapsed.toFixed(1)} s; slowest settled call ${slowest} ms; ${hung} did not settle in time`);
console.log("outcomes:");
for (const [k, n] of [...outcomes].sort()) console.log(`  ${String(n).padStart(7)}  ${k}`);
console.log("scenarios:");
for (const [k, n] of [...byKind].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(7)}  ${k}`);
console.log(`memory: JS heap ${mb(memStart.heapUsed)} -> ${mb(memEnd.heapUsed)}, wasm ${mb(memStart.wasm)} -> ${mb(memEnd.wasm)}`);
console.log(`unhandled rejections: ${unhandled}`);
console.log(`violations: ${bad.count}`);
process.exit(bad.count ? 1 : 0);
