// Shared bits of the reliability scripts (boundary-fuzz, response-fuzz, soak): a seeded PRNG,
// the package loaded with a handle on its wasm memory, memory snapshots, and a violation log.
//
// The wasm memory is not part of the public API. To watch it without changing the package,
// loadPackage() wraps WebAssembly.Instance before importing it (the Node glue instantiates
// synchronously at import) and keeps the `memory` export of the instance it creates.

/** Seed from `--seed=N`, or $SEED, or the clock; printed by the caller so a run can be replayed. */
export function seedFromArgs(name) {
  const arg = process.argv.find((a) => a.startsWith("--seed="));
  const seed = Number(arg ? arg.slice(7) : process.env.SEED ?? (Date.now() % 2 ** 31));
  console.log(`${name}: seed ${seed} (rerun with --seed=${seed})`);
  return seed >>> 0;
}

/** A number-of-things option: `--name=N` or $ENV, else `fallback`. */
export function intOption(flag, env, fallback) {
  const arg = process.argv.find((a) => a.startsWith(`--${flag}=`));
  const v = Number(arg ? arg.slice(flag.length + 3) : process.env[env] ?? fallback);
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${flag} must be a non-negative integer`);
  return v;
}

/** mulberry32: small, fast, good enough to drive generators; same seed, same run. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    /** Integer in [0, n). */
    int: (n) => Math.floor(next() * n),
    /** True with probability p. */
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    /** Picks by weight from [[weight, value], …]. */
    weighted(list) {
      const total = list.reduce((s, [w]) => s + w, 0);
      let x = next() * total;
      for (const [w, v] of list) {
        if ((x -= w) < 0) return v;
      }
      return list[list.length - 1][1];
    },
  };
  return r;
}

let wasmMemory = null;

/** Imports the package by name (through its exports map), keeping a handle on its wasm memory. */
export async function loadPackage() {
  const Original = WebAssembly.Instance;
  WebAssembly.Instance = new Proxy(Original, {
    construct(target, args, newTarget) {
      const instance = Reflect.construct(target, args, newTarget);
      if (instance.exports.memory instanceof WebAssembly.Memory) wasmMemory = instance.exports.memory;
      return instance;
    },
  });
  try {
    return await import("botpress-chat-wasm");
  } finally {
    WebAssembly.Instance = Original;
  }
}

/** Current size of the package's wasm linear memory in bytes (null if it was not seen). */
export const wasmMemoryBytes = () => (wasmMemory ? wasmMemory.buffer.byteLength : null);

/** JS heap after a full GC (needs --expose-gc), wasm memory, and Node's arrayBuffers figure. */
export function memorySnapshot() {
  if (typeof globalThis.gc === "function") {
    globalThis.gc();
    globalThis.gc();
  }
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, rss: m.rss, wasm: wasmMemoryBytes() };
}

export const mb = (n) => (n === null || n === undefined ? "n/a" : `${(n / 2 ** 20).toFixed(1)} MB`);

/** The issue codes DESIGN.md §3 / validate.rs ISSUE_CODES document. */
export const ISSUE_CODES = new Set([
  "required", "unknown_field", "type", "too_long", "too_short", "enum", "format", "not_finite",
  "too_deep", "cycle", "unreadable", "header_value", "reserved", "range", "empty", "too_large",
]);

/** A list of what went wrong; prints the first few in full and counts the rest. */
export function violations(name, limit = 20) {
  const list = [];
  return {
    list,
    add(what, detail) {
      list.push(what);
      if (list.length <= limit) console.error(`${name}: VIOLATION ${what}${detail === undefined ? "" : `\n  ${detail}`}`);
      else if (list.length === limit + 1) console.error(`${name}: (further violations only counted)`);
    },
    get count() {
      return list.length;
    },
  };
}

/** A short, safe description of any value (for violation reports). */
export function describe(v) {
  try {
    if (typeof v === "string") return JSON.stringify(v.length > 200 ? v.slice(0, 200) + "…" : v);
    if (typeof v === "bigint") return `${v}n`;
    if (typeof v === "symbol") return v.toString();
    if (v instanceof Error) return `${v.name}: ${String(v.message).slice(0, 300)}`;
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 300 ? s.slice(0, 300) + "…" : s;
  } catch (e) {
    return `<${Object.prototype.toString.call(v)}; not describable: ${e && e.message}>`;
  }
}

/** Own keys of the shared prototypes, to prove nothing was added to them. */
export function prototypeKeys() {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype]
    .map((p) => Reflect.ownKeys(p).map(String).sort().join(","))
    .join("|");
}

export const USER_ID = "user_01HZY0000000000000000000AB";
export const CONVERSATION_ID = "conv_01HZY0000000000000000000AB";

/** A response body the client accepts, for each endpoint. */
export function conversationResponse(extra = {}) {
  return {
    conversation: {
      id: CONVERSATION_ID,
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
      channel: "web",
      integration: "emulator",
      tags: {},
      ...extra,
    },
    meta: { created: true },
  };
}

export function messageResponse(extra = {}) {
  return {
    message: {
      id: "msg_01HZY0000000000000000000AB",
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
      type: "text",
      direction: "outgoing",
      userId: USER_ID,
      conversationId: CONVERSATION_ID,
      payload: { text: "hello" },
      tags: {},
      ...extra,
    },
    meta: { created: false },
  };
}
