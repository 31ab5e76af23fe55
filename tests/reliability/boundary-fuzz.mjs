// Fuzzing across the wasm boundary: random JS values of every awkward kind through both
// validate functions and both calls (injected fetch), then one valid call on the same instance.
//
//   node --expose-gc tests/reliability/boundary-fuzz.mjs [--seed=N] [--values=100000]
//
// Properties, for every value:
//   - validateGetOrCreateConversation / validateGetOrCreateMessage never throw and return an array
//     of {path, code, message} with documented codes;
//   - a value they accept ([]) is one JSON.stringify can serialize (what is sent is that text);
//   - client.getOrCreateConversation / getOrCreateMessage never throw synchronously and return a
//     promise; for an invalid value it rejects with ValidationError carrying the same issues and
//     fetch is never called; for a valid one fetch is called once with exactly JSON.stringify(value)
//     and the call resolves to the server's JSON;
//   - random request options and random client options give a ValidationError or work, nothing else;
//   - random signals (aborted with any reason, look-alikes, Proxies) and injected fetches that
//     reject with or resolve to any value settle the call with a BotpressError or the response;
//   - no wasm trap, Object.prototype & co. untouched, and a valid call succeeds afterwards.
// Exit status 1 when any property broke (each violation is printed with the seed and index).
//
// Bugs this script found (fixed): a boxed BigInt validated as [] and was sent as {}; a sparse
// array of length 2**32-1 made the walker allocate until the instance trapped (~75 s).

import { isDeepStrictEqual } from "node:util";
import {
  CONVERSATION_ID,
  ISSUE_CODES,
  USER_ID,
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

const N = intOption("values", "BOUNDARY_VALUES", 100_000);
const seed = seedFromArgs("boundary-fuzz");
const rng = prng(seed);
const bad = violations("boundary-fuzz");

// No real network, ever: a client that falls back to the global fetch gets this.
let globalFetchCalls = 0;
globalThis.fetch = async () => {
  globalFetchCalls++;
  throw new TypeError("global fetch is disabled in boundary-fuzz");
};

const pkg = await loadPackage();
const { Client, ValidationError, BotpressError } = pkg;
const validate = { conversation: pkg.validateGetOrCreateConversation, message: pkg.validateGetOrCreateMessage };
const prototypesBefore = prototypeKeys();
const memStart = memorySnapshot();

// ---------------------------------------------------------------------------------------
// The injected fetch: records what it is asked to send, answers a valid response.

const RESPONSES = {
  conversation: JSON.stringify(conversationResponse()),
  message: JSON.stringify(messageResponse()),
};
let sent = [];
async function fakeFetch(url, init) {
  sent.push({ url, body: init.body });
  const text = url.endsWith("/v1/chat/messages/get-or-create") ? RESPONSES.message : RESPONSES.conversation;
  return new Response(text, { status: 200, headers: { "content-type": "application/json" } });
}
const TOKEN = "sk_boundary_SECRET_5d1e";
const client = new Client({ token: TOKEN, botId: "bot_fuzz", baseUrl: "http://127.0.0.1:9", fetch: fakeFetch, maxRetries: 0 });

// ---------------------------------------------------------------------------------------
// Generators. Each returns [value, kind]; kinds are counted in the summary.

const TEN_MB_ASCII = "x".repeat(10 * 2 ** 20);
const TEN_MB_UTF8 = "é".repeat(5 * 2 ** 20); // 10 MB as UTF-8, 5 M code points
const LONE = ["\ud800", "\udc00", "a\ud83dz", "\udfff\ud800", "\ud83d\ude00\ud800"];
const KEYS = [
  "channel", "tags", "payload", "type", "userId", "conversationId", "schedule", "origin", "text",
  "items", "__proto__", "constructor", "prototype", "toJSON", "hasOwnProperty", "valueOf", "length",
  "0", "-1", "", " ", "a.b", "a[0]", "\u0000", "\ud800", "😀", "x".repeat(300),
];

function randomString() {
  return rng.weighted([
    [4, () => rng.pick(["", "a", "text", "web", "synthetic", "custom", "null", "__proto__", "2024-01-01T00:00:00.000Z", USER_ID])],
    [3, () => String.fromCharCode(...Array.from({ length: rng.int(12) }, () => rng.int(0x10000)))],
    [2, () => rng.pick(LONE)],
    [1, () => String.fromCodePoint(...Array.from({ length: rng.int(6) }, () => rng.int(0x110000)))],
    [1, () => "\r\n\0\t\u2028\u2029\ufeff"],
    [1, () => rng.pick(["a", "é", "😀"]).repeat(rng.pick([27, 28, 36, 37, 200, 201, 500, 501]))],
  ])();
}

function randomNumber() {
  return rng.pick([0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity, 1e308, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53 + 1, 2 ** 31, -(2 ** 31), rng.next() * 1e6, 28, 36]);
}

function key() {
  return rng.chance(0.8) ? rng.pick(KEYS) : randomString();
}

/** An object with `n` random members, `__proto__` and symbol keys included. */
function object(depth, n) {
  const o = {};
  for (let i = 0; i < n; i++) {
    const k = key();
    const [v] = gen(depth + 1);
    // defineProperty, so "__proto__" is an own key rather than a prototype change.
    Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true });
  }
  return o;
}

class Thing {
  #secret = 1;
  constructor(a) {
    this.a = a;
  }
  get computed() {
    return this.#secret;
  }
}

/** A thrower chosen once, so every read throws the same kind of thing (validate and the
 * call must see the same value). */
function throwing(what) {
  const make = rng.pick([
    () => new Error(what),
    () => new TypeError(what),
    () => what,
    () => Symbol(what),
    () => null,
    () => 42n,
    () => new Proxy({}, { get() { throw new Error("message getter throws"); } }),
    () => Object.assign(new Error(what), { cause: new Error(`${what} cause`) }),
  ]);
  return make;
}

const LEAVES = [
  [3, () => [undefined, "undefined"]],
  [3, () => [null, "null"]],
  [2, () => [rng.chance(0.5), "boolean"]],
  [8, () => [randomNumber(), "number"]],
  [12, () => [randomString(), "string"]],
  [2, () => [rng.pick([0n, -1n, 2n ** 64n, BigInt(Number.MAX_SAFE_INTEGER) + 2n]), "bigint"]],
  [2, () => [rng.pick([Symbol(), Symbol("s"), Symbol.for("x"), Symbol.iterator]), "symbol"]],
  [2, () => [rng.pick([() => 1, function named() {}, class K {}, async () => {}, Math.max, function* g() {}]), "function"]],
];

const NESTED = [
  [10, (d) => [object(d, rng.int(5)), "object"]],
  [6, (d) => [Array.from({ length: rng.int(5) }, () => gen(d + 1)[0]), "array"]],
  [2, (d) => {
    const a = [];
    a[rng.int(50)] = gen(d + 1)[0];
    a.length = rng.pick([0, 10, 1000, 100_000]);
    return [a, "sparse array"];
  }],
  [2, () => [rng.pick([new Uint8Array(rng.int(16)), new Float64Array([NaN, -0, 1e308]), new BigInt64Array(2), new Uint16Array([0xd800]), new ArrayBuffer(8), new DataView(new ArrayBuffer(4))]), "typed array"]],
  [2, () => [rng.pick([new Map([["a", 1]]), new Set([1, 2]), new WeakMap(), new WeakSet()]), "map/set"]],
  [2, () => [rng.pick([new Date(0), new Date(NaN), new Date(8.64e15), new Date()]), "date"]],
  [2, () => [rng.pick([new Number(1), new String("s"), new Boolean(false), Object(Symbol("boxed")), new Number(NaN)]), "boxed primitive"]],
  [1, () => [Object(rng.pick([1n, 0n])), "boxed bigint"]],
  [0.3, () => {
    // Read by the walker whenever JSON.stringify fails elsewhere in the value (BigInt first).
    const a = [];
    a.length = rng.pick([2 ** 32 - 1, 2 ** 30]);
    a[rng.int(10)] = "x";
    return [rng.chance(0.5) ? a : { n: 1n, a }, "huge sparse array"];
  }],
  [2, (d) => [new Thing(gen(d + 1)[0]), "class instance"]],
  [2, (d) => [Object.freeze(object(d, rng.int(4))), "frozen object"]],
  [2, (d) => [Object.assign(Object.create(null), object(d, rng.int(4))), "null-prototype object"]],
  [1, () => [rng.pick([/re/g, new Error("e"), Promise.resolve(1), new WeakRef({}), globalThis.process?.versions ?? {}]), "other object"]],
  [3, (d) => {
    const trap = rng.pick(["get", "ownKeys", "getOwnPropertyDescriptor", "has", "getPrototypeOf", "isExtensible"]);
    const target = rng.chance(0.3) ? [] : object(d, rng.int(3));
    const thrown = throwing(`${trap} trap`);
    return [new Proxy(target, { [trap]() { throw thrown(); } }), "proxy with throwing trap"];
  }],
  [1, (d) => {
    const { proxy, revoke } = Proxy.revocable(rng.chance(0.5) ? [] : object(d, 2), {});
    revoke();
    return [proxy, "revoked proxy"];
  }],
  [1, () => {
    // A proxy that invents a fresh child on every read: infinitely deep without a cycle.
    const endless = () => new Proxy({}, { ownKeys: () => ["next"], getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }), get: (_, k) => (k === "next" ? endless() : undefined) });
    return [endless(), "endless proxy"];
  }],
  [3, (d) => {
    const o = object(d, rng.int(3));
    const thrown = throwing(randomString());
    Object.defineProperty(o, key(), { get() { throw thrown(); }, enumerable: true, configurable: true });
    return [o, "throwing getter"];
  }],
  [2, (d) => {
    const [inner] = gen(d + 1);
    const thrown = throwing("toJSON");
    return [rng.pick([{ toJSON: () => inner }, { toJSON() { throw thrown(); } }, { toJSON: 5 }, { toJSON() { return this; } }]), "toJSON"];
  }],
  [3, (d) => {
    const [inner] = gen(d + 1);
    const text = rng.pick(['{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '{"prototype":null,"__proto__":[]}']);
    const o = JSON.parse(text);
    o.extra = inner;
    return [o, "__proto__/constructor keys"];
  }],
  [2, (d) => {
    const o = object(d, rng.int(3));
    o[Symbol("k")] = gen(d + 1)[0];
    o[Symbol.toPrimitive] = () => {
      throw new Error("toPrimitive");
    };
    return [o, "symbol keys"];
  }],
  [2, (d) => {
    const o = object(d, 2);
    const child = rng.chance(0.5) ? [o] : { o };
    o.self = rng.chance(0.5) ? o : child;
    return [o, "cycle"];
  }],
];

/** One random value; depth keeps ordinary nesting shallow (the deep cases are separate). */
function gen(depth = 0) {
  if (depth >= 5 || rng.chance(0.45)) return rng.weighted(LEAVES)();
  return rng.weighted(NESTED)(depth);
}

function deep(n) {
  let v = rng.chance(0.5) ? "leaf" : {};
  for (let i = 0; i < n; i++) v = rng.chance(0.5) ? [v] : { a: v };
  return v;
}

function validConversation() {
  return { channel: "web", tags: { thread: "t-1", gone: null }, discriminateByTags: ["thread"], properties: { p: "v" } };
}

function validMessage() {
  return rng.pick([
    () => ({ type: "text", payload: { text: "hi", extra: { any: [1, "x"] } }, userId: USER_ID, conversationId: CONVERSATION_ID, tags: {} }),
    () => ({ type: "custom", payload: { anything: { goes: [null, true] } }, userId: USER_ID, conversationId: CONVERSATION_ID, tags: { k: "v" }, origin: "synthetic" }),
    () => ({
      type: "carousel",
      payload: { items: [{ title: "t", actions: [{ action: "url", label: "l", value: "https://x" }] }] },
      userId: USER_ID,
      conversationId: CONVERSATION_ID,
      tags: {},
      schedule: { delay: 1000 },
    }),
    () => ({ type: "bloc", payload: { items: [{ type: "text", payload: { text: "a" } }, { type: "location", payload: { latitude: 1, longitude: 2 } }] }, userId: USER_ID, conversationId: CONVERSATION_ID, tags: {} }),
  ])();
}

/** Puts `value` at a random spot of a valid body (deep inside when the body allows it). */
function plant(body, value) {
  const spots = [
    (b) => (b[key()] = value),
    (b) => b.tags && (b.tags[key()] = value),
    (b) => ("channel" in b ? (b.channel = value) : (b.userId = value)),
    (b) => (b.tags = value),
    (b) => b.payload && (b.payload[rng.pick(["text", "extra", "items", "anything"])] = value),
    (b) => b.payload?.items?.[0] && (b.payload.items[0][rng.pick(["title", "payload", "actions", "type"])] = value),
    (b) => b.payload?.items?.[0]?.actions?.[0] && (b.payload.items[0].actions[0].label = value),
    (b) => (b.schedule = { dateTime: value }),
    (b) => b.discriminateByTags && b.discriminateByTags.push(value),
  ];
  rng.pick(spots)(body);
  return body;
}

/** A top-level value: a raw random value, a valid body, or a valid body with something planted. */
function topLevel(i) {
  const heavy = heavyCase(i);
  if (heavy) return heavy;
  return rng.weighted([
    [45, () => gen(0)],
    [10, () => [rng.chance(0.5) ? validConversation() : validMessage(), "valid body"]],
    [45, () => {
      const [v, kind] = gen(1);
      return [plant(rng.chance(0.5) ? validConversation() : validMessage(), v), `planted ${kind}`];
    }],
    [4, () => {
      // A getter that throws on every other read: JSON.stringify fails, the walker then reads
      // the value, and what is sent must still be what JSON.stringify gives for it (lone
      // surrogates as \ud800 escapes, short escapes for \b and \f), keys included.
      const body = rng.chance(0.5) ? validConversation() : validMessage();
      const value = rng.pick([...LONE, "\b\f\u0001", "\ufffd", "plain"]);
      let reads = 0;
      const name = rng.chance(0.5) ? rng.pick(LONE) + "k" : key();
      Object.defineProperty(body.tags, name, {
        get() {
          if (reads++ % 2 === 0) throw new Error("flaky getter");
          return value;
        },
        enumerable: true,
        configurable: true,
      });
      Object.defineProperty(body.tags, rng.pick(LONE), { value: rng.pick(LONE), enumerable: true, configurable: true, writable: true });
      return [body, "getter that throws every other read"];
    }],
  ])();
}

/** The expensive kinds, at fixed spots of the run (a few 10 MB strings, some 10 000-deep values). */
function heavyCase(i) {
  const step = Math.max(1, Math.floor(N / 8));
  if (i % step === 1 && i / step < 8) {
    const big = (i / step) % 2 < 1 ? TEN_MB_ASCII : TEN_MB_UTF8;
    return rng.pick([
      () => [big, "10 MB string"],
      () => [{ channel: big, tags: {} }, "10 MB string"],
      () => [{ ...validMessage(), type: "custom", payload: { blob: big } }, "10 MB string"],
      () => [{ channel: "web", tags: { [big.slice(0, 2 ** 20)]: big } }, "10 MB string"],
    ])();
  }
  if (i % 500 === 7) return [rng.chance(0.5) ? deep(10_000) : plant(validMessage(), deep(10_000)), "10 000-deep nesting"];
  return null;
}

// ---------------------------------------------------------------------------------------
// The run

const count = (map, k) => map.set(k, (map.get(k) ?? 0) + 1);
const kinds = new Map();
const outcomes = new Map();
const t0 = Date.now();

function checkIssues(where, issues, i) {
  if (!Array.isArray(issues)) {
    bad.add(`#${i} ${where}: returned ${describe(issues)}, not an array`);
    return false;
  }
  for (const issue of issues) {
    const ok =
      issue !== null &&
      typeof issue === "object" &&
      typeof issue.path === "string" &&
      typeof issue.message === "string" &&
      issue.message.length > 0 &&
      ISSUE_CODES.has(issue.code);
    if (!ok) {
      bad.add(`#${i} ${where}: malformed issue ${describe(issue)}`);
      return false;
    }
  }
  return true;
}

function canStringify(v) {
  // Twice: a getter that throws every other read works on the second try.
  for (let i = 0; i < 2; i++) {
    try {
      JSON.stringify(v);
      return true;
    } catch {}
  }
  return false;
}

async function checkCall(endpoint, value, issues, i, kind) {
  const method = endpoint === "conversation" ? "getOrCreateConversation" : "getOrCreateMessage";
  sent = [];
  let promise;
  try {
    promise = client[method](value);
  } catch (e) {
    bad.add(`#${i} ${method} threw synchronously (${kind})`, describe(e));
    return;
  }
  if (!(promise instanceof Promise)) {
    bad.add(`#${i} ${method} returned ${describe(promise)}, not a promise`);
    return;
  }
  let result, error, rejected = false;
  try {
    result = await promise;
  } catch (e) {
    rejected = true;
    error = e;
  }
  if (issues.length > 0) {
    if (!rejected || !(error instanceof ValidationError)) {
      bad.add(`#${i} ${method}: invalid value (${kind}) but ${rejected ? `rejected with ${describe(error)}` : "resolved"}`, describe(issues[0]));
    } else if (!isDeepStrictEqual(error.issues.map((x) => ({ ...x })), issues.map((x) => ({ ...x })))) {
      bad.add(`#${i} ${method}: ValidationError issues differ from validate's (${kind})`, `${describe(error.issues)} vs ${describe(issues)}`);
    }
    if (sent.length !== 0) bad.add(`#${i} ${method}: invalid value (${kind}) but fetch was called`);
    count(outcomes, `${method}: rejected ValidationError`);
    return;
  }
  if (rejected) {
    bad.add(`#${i} ${method}: valid value (${kind}) but rejected`, describe(error));
    count(outcomes, `${method}: rejected ${error?.name}`);
    return;
  }
  count(outcomes, `${method}: resolved`);
  const expected = JSON.parse(RESPONSES[endpoint]);
  if (!isDeepStrictEqual(result, expected)) bad.add(`#${i} ${method}: resolved to ${describe(result)}`);
  if (sent.length !== 1) bad.add(`#${i} ${method}: fetch called ${sent.length} times for one valid call`);
  else {
    let expected;
    try {
      expected = JSON.stringify(value);
    } catch {
      // A getter that throws every other read works on the second try.
      try {
        expected = JSON.stringify(value);
      } catch (e) {
        expected = `<JSON.stringify throws: ${e.message}>`;
      }
    }
    if (sent[0].body !== expected) bad.add(`#${i} ${method}: sent body is not JSON.stringify(value) (${kind})`, `${describe(sent[0].body)} vs ${describe(expected)}`);
  }
}

/** Random request options on a valid body: a ValidationError or success, nothing else. */
async function checkRequestOptions(i) {
  const [opts, kind] = rng.chance(0.5) ? gen(0) : [{ [rng.pick(["timeoutMs", "maxRetries", "signal", "timeout", key()])]: gen(1)[0] }, "options member"];
  let p;
  try {
    p = client.getOrCreateConversation(validConversation(), opts);
  } catch (e) {
    bad.add(`#${i} request options (${kind}): threw synchronously`, describe(e));
    return;
  }
  try {
    await p;
    count(outcomes, "random request options: resolved");
  } catch (e) {
    if (!(e instanceof ValidationError)) bad.add(`#${i} request options (${kind}): rejected with ${describe(e)}`);
    count(outcomes, `random request options: rejected ${e?.name}`);
  }
}

/**
 * The caller's side of the transport: a random signal (real ones aborted with any reason,
 * before or during the call; look-alikes whose getters or traps throw) and an injected fetch
 * that rejects with any value (a function, undefined, a BigInt, a throwing Proxy: gloo-net's
 * own send() has an unreachable! for a non-Error) or answers with a random value. The call
 * must settle, with a BotpressError or the response, and never throw synchronously.
 */
async function checkHostileTransport(i) {
  const oddValues = () => [undefined, null, 0, "", () => TOKEN, Symbol("s"), 10n, Object.create(null), new Proxy({}, { get() { throw new Error(`trap ${TOKEN}`); } }), new Error(`boom ${TOKEN}`), gen(1)[0]];
  const controller = new AbortController();
  const signalKind = rng.pick(["none", "aborted before", "aborted during", "look-alike", "Proxy of a signal"]);
  let signal;
  if (signalKind === "aborted before") (signal = controller.signal), controller.abort(rng.pick(oddValues()));
  if (signalKind === "aborted during") (signal = controller.signal), setTimeout(() => controller.abort(rng.pick(oddValues())), rng.int(3));
  if (signalKind === "look-alike") signal = { addEventListener() {}, removeEventListener() { throw new Error("remove"); }, get aborted() { throw new Error(`aborted ${TOKEN}`); }, get reason() { throw new Error("reason"); } };
  if (signalKind === "Proxy of a signal") signal = new Proxy(controller.signal, { get(t, k) { if (k === "aborted" || k === "reason") throw new Error(`trap ${TOKEN}`); const v = Reflect.get(t, k); return typeof v === "function" ? v.bind(t) : v; } });
  const fetchKind = rng.pick(["rejects", "throws", "resolves to a value", "honours the signal", "valid"]);
  const thrown = rng.pick(oddValues());
  const fetch = {
    rejects: async () => Promise.reject(thrown),
    throws: () => { throw thrown; },
    "resolves to a value": async () => thrown,
    "honours the signal": (url, init) => new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(init.signal.reason))),
    valid: fakeFetch,
  }[fetchKind];
  const c = new Client({ token: TOKEN, botId: "bot_fuzz", fetch, maxRetries: rng.int(2), timeoutMs: 20 });
  const kind = `signal ${signalKind}, fetch ${fetchKind}`;
  let p;
  try {
    p = c.getOrCreateConversation(validConversation(), signal === undefined ? undefined : { signal });
  } catch (e) {
    bad.add(`#${i} hostile transport (${kind}): threw synchronously`, describe(e));
    c.free();
    return;
  }
  let watchdog;
  const late = new Promise((resolve) => (watchdog = setTimeout(() => resolve("hang"), 5_000)));
  const outcome = await Promise.race([p.then((v) => ({ v }), (e) => ({ e })), late]);
  clearTimeout(watchdog);
  c.free();
  if (outcome === "hang") bad.add(`#${i} hostile transport (${kind}): did not settle in 5 s`);
  else if ("e" in outcome && !(outcome.e instanceof BotpressError)) bad.add(`#${i} hostile transport (${kind}): rejected with ${describe(outcome.e)}`);
  else if ("v" in outcome && outcome.v?.conversation?.id !== CONVERSATION_ID) bad.add(`#${i} hostile transport (${kind}): resolved to ${describe(outcome.v)}`);
  count(outcomes, `hostile transport: ${"v" in outcome ? "resolved" : `rejected ${outcome.e?.name}`}`);
}

/** Random client options: the constructor throws ValidationError or gives a working client. */
async function checkClientOptions(i) {
  const base = { token: TOKEN, botId: "bot_fuzz", fetch: fakeFetch, maxRetries: 0 };
  const field = rng.pick(["token", "botId", "integrationId", "integrationAlias", "baseUrl", "timeoutMs", "maxRetries", "headers", "fetch", key()]);
  const [v, kind] = field === "headers" && rng.chance(0.5) ? [{ [key()]: gen(1)[0] }, "headers member"] : gen(1);
  const options = rng.chance(0.2) ? v : { ...base, [field]: v };
  let c;
  try {
    c = new Client(options);
  } catch (e) {
    if (!(e instanceof ValidationError)) bad.add(`#${i} new Client (${field}: ${kind}) threw ${describe(e)}`);
    count(outcomes, "random client options: ValidationError");
    return;
  }
  count(outcomes, "random client options: constructed");
  try {
    await c.getOrCreateConversation(validConversation());
  } catch (e) {
    if (!(e instanceof BotpressError)) bad.add(`#${i} client from random options (${field}: ${kind}): call rejected with ${describe(e)}`);
  } finally {
    c.free();
  }
  // The one-shot form reads the same options the same way.
  try {
    await pkg.getOrCreateConversation(options, validConversation());
  } catch (e) {
    if (!(e instanceof BotpressError)) bad.add(`#${i} one-shot with random options (${field}: ${kind}): rejected with ${describe(e)}`);
  }
}

for (let i = 0; i < N; i++) {
  const [value, kind] = topLevel(i);
  count(kinds, kind);
  for (const endpoint of ["conversation", "message"]) {
    let issues;
    try {
      issues = validate[endpoint](value);
    } catch (e) {
      bad.add(`#${i} validate ${endpoint} threw (${kind})`, describe(e));
      continue;
    }
    if (!checkIssues(`validate ${endpoint} (${kind})`, issues, i)) continue;
    count(outcomes, `validate ${endpoint}: ${issues.length ? "issues" : "valid"}`);
    if (issues.length === 0 && !canStringify(value)) {
      bad.add(`#${i} validate ${endpoint}: [] for a value JSON.stringify cannot serialize (${kind})`, describe(value));
    }
    await checkCall(endpoint, value, issues, i, kind);
  }
  if (rng.chance(0.02)) await checkRequestOptions(i);
  if (rng.chance(0.01)) await checkClientOptions(i);
  if (rng.chance(0.02)) await checkHostileTransport(i);
  if (i > 0 && i % 20_000 === 0) console.log(`boundary-fuzz: ${i} values, ${((Date.now() - t0) / 1000).toFixed(1)} s, ${bad.count} violations`);
}
const elapsed = (Date.now() - t0) / 1000;

// ---------------------------------------------------------------------------------------
// Afterwards: nothing polluted, the instance alive.

if (prototypeKeys() !== prototypesBefore) bad.add("a shared prototype (Object/Array/Function/String) gained or lost keys");
if ({}.polluted !== undefined || [].polluted !== undefined) bad.add("Object.prototype.polluted is set");
sent = [];
try {
  const alive = await client.getOrCreateConversation(validConversation());
  if (alive?.conversation?.id !== CONVERSATION_ID || sent.length !== 1) bad.add("the valid call after the run did not return the response");
  const fresh = new Client({ token: TOKEN, botId: "b", fetch: fakeFetch });
  const m = await fresh.getOrCreateMessage(validMessage());
  if (m?.message?.conversationId !== CONVERSATION_ID) bad.add("a fresh client after the run did not work");
  if (validate.conversation(validConversation()).length !== 0) bad.add("validate rejects a valid body after the run");
  console.log("boundary-fuzz: after the run, a valid call on the same instance succeeded");
} catch (e) {
  bad.add("the valid call after the run failed", describe(e));
}
if (globalFetchCalls > 0) console.log(`boundary-fuzz: ${globalFetchCalls} calls fell back to the (disabled) global fetch, as their options had no fetch`);

const memEnd = memorySnapshot();

// ---------------------------------------------------------------------------------------

console.log(`\nboundary-fuzz: ${N} values (seed ${seed}) in ${elapsed.toFixed(1)} s`);
console.log("values by kind (the planted kind for bodies):");
for (const [k, n] of [...kinds].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(7)}  ${k}`);
console.log("outcomes:");
for (const [k, n] of [...outcomes].sort()) console.log(`  ${String(n).padStart(7)}  ${k}`);
console.log(`memory: JS heap ${mb(memStart.heapUsed)} -> ${mb(memEnd.heapUsed)}, wasm ${mb(memStart.wasm)} -> ${mb(memEnd.wasm)} (high-water: the 10 MB inputs)`);
console.log(`violations: ${bad.count}`);
process.exit(bad.count ? 1 : 0);
