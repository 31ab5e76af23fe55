// Shared bits of the JS suites: valid bodies and the "the token never leaks" check.

import assert from "node:assert/strict";
import util from "node:util";

/** 30 characters: userId / conversationId must be 28 to 36. */
export const USER_ID = "user_01HZY0000000000000000000AB";

export function conversationBody(tags = { thread: "t-1" }, extra = {}) {
  return { channel: "web", tags, ...extra };
}

export function messageBody(conversationId, extra = {}) {
  return { type: "text", payload: { text: "hello" }, userId: USER_ID, conversationId, tags: {}, ...extra };
}

/** A conversation id of the right length that the emulator never issued. */
export const UNKNOWN_CONVERSATION = "conv_00000000000000000000000000";

/** Every string view of `err` (and of its cause chain) that could show the token. */
function views(err, seen = new Set()) {
  if (err === null || err === undefined || seen.has(err)) return [];
  seen.add(err);
  if (typeof err !== "object" && typeof err !== "function") return [String(err)];
  const out = [];
  const attempt = (f) => {
    try {
      out.push(String(f()));
    } catch (e) {
      out.push(`<threw ${e && e.message}>`);
    }
  };
  attempt(() => String(err));
  attempt(() => err.message);
  attempt(() => err.stack);
  attempt(() => JSON.stringify(err));
  attempt(() => util.inspect(err, { depth: 5 }));
  attempt(() => util.inspect(err, { depth: 5, showHidden: true }));
  attempt(() => util.inspect(err, { depth: 10, showHidden: true, getters: true }));
  for (const key of Reflect.ownKeys(err)) {
    let v;
    try {
      v = err[key];
    } catch {
      continue;
    }
    attempt(() => String(key));
    if (v !== null && typeof v === "object") {
      attempt(() => JSON.stringify(v));
      attempt(() => util.inspect(v, { depth: 10 }));
      if (key === "cause") out.push(...views(v, seen));
    } else {
      attempt(() => String(v));
    }
  }
  if ("cause" in err) out.push(...views(err.cause, seen));
  return out;
}

/**
 * Every string reachable from `value` by any route a caller has: own keys and values
 * (Symbol keys, getters and non-enumerable ones included), getters on its prototypes, Map and
 * Set entries, Headers, a Request's or Response's url and headers. Unescaped.
 */
function reachable(value, out = [], seen = new Set(), depth = 0) {
  if (typeof value === "string") {
    out.push(value);
    return out;
  }
  if (typeof value === "symbol") {
    out.push(String(value.description));
    return out;
  }
  if (value === null || (typeof value !== "object" && typeof value !== "function") || seen.has(value) || depth > 12) return out;
  seen.add(value);
  const visit = (v) => reachable(v, out, seen, depth + 1);
  const read = (f) => {
    try {
      visit(f());
    } catch {}
  };
  for (const key of Reflect.ownKeys(value)) {
    visit(key);
    read(() => value[key]);
  }
  for (let proto = Object.getPrototypeOf(value); proto && proto !== Object.prototype && proto !== Function.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Reflect.ownKeys(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, key);
      if (d && d.get) read(() => d.get.call(value));
    }
  }
  if (value instanceof Map || value instanceof Set) for (const entry of value) visit(entry);
  if (typeof Headers === "function" && value instanceof Headers) for (const entry of value) visit(entry);
  if (typeof Request === "function" && (value instanceof Request || value instanceof Response)) {
    read(() => value.url);
    read(() => [...value.headers]);
  }
  return out;
}

/** Every string (keys included) reachable from `value` through own properties, unescaped. */
function strings(value, out = [], seen = new Set(), depth = 0) {
  if (typeof value === "string") {
    out.push(value);
    return out;
  }
  if (value === null || (typeof value !== "object" && typeof value !== "function") || seen.has(value) || depth > 20) return out;
  seen.add(value);
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === "string") out.push(key);
    let v;
    try {
      v = value[key];
    } catch {
      continue;
    }
    strings(v, out, seen, depth + 1);
  }
  return out;
}

/**
 * Fails when `secret` shows up anywhere in `err`: String(err), message, stack, JSON, inspect,
 * any own property at any depth (raw, so no escaping hides it), and the cause chain.
 */
export function assertNoSecret(err, secret) {
  assert.ok(secret.length >= 8, "use a distinctive secret");
  for (const text of [...views(err), ...strings(err), ...reachable(err)]) {
    assert.ok(!text.includes(secret), `the secret leaks into the error: ${text.slice(0, 500)}`);
  }
}

/** Awaits `promise`, which must reject; returns the rejection. */
export async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail("expected the promise to reject");
}

/** Calls `f`, which must throw; returns what it threw. */
export function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail("expected a throw");
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Ref'd timers keeping the event loop alive right now. */
export function activeTimers() {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}

/** Writes `total` bytes of `byte` to a node:http response (forever with Infinity), as fast as
 * the client reads: the large and endless bodies of the fault tests and the soak. */
export function streamBody(res, total, byte = 0x20) {
  const chunk = Buffer.alloc(64 * 1024, byte);
  let left = total;
  const pump = () => {
    while (left > 0) {
      const n = Math.min(left, chunk.length);
      left -= n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return;
    }
    res.end();
  };
  res.on("drain", pump);
  res.on("close", () => (left = 0));
  pump();
}
