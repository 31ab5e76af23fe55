// Never a dead instance (DESIGN.md §2). A real trap is forced from outside: the instance's
// memory is grown to the wasm32 maximum (4 GiB, reserved lazily), so the next allocation the
// Rust code needs fails and aborts — `RuntimeError: unreachable`, the same trap a panic gives.
// Then: the call that trapped fails with InternalError (a BotpressError), calls in flight settle
// with it, nothing is left unhandled, and later calls — on the same Client too — run on a fresh
// instance. The instances are observed by wrapping WebAssembly.Instance before the package loads.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "./helpers/emulator.mjs";

const instances = [];
WebAssembly.Instance = new Proxy(WebAssembly.Instance, {
  construct(target, args, newTarget) {
    const instance = Reflect.construct(target, args, newTarget);
    instances.push(instance);
    return instance;
  },
});
const pkg = await import("botpress-chat-wasm");
const { Client, InternalError, BotpressError, getOrCreateConversation, validateGetOrCreateMessage } = pkg;

const MAX_PAGES = 65_536;
const USER_ID = "user_01HZY0000000000000000000RT";
const unhandled = [];
const onUnhandled = (e) => unhandled.push(String(e?.stack ?? e));

let emu;
before(async () => {
  emu = await startEmulator();
  process.on("unhandledRejection", onUnhandled);
  process.on("uncaughtException", onUnhandled);
});
after(async () => {
  process.off("unhandledRejection", onUnhandled);
  process.off("uncaughtException", onUnhandled);
  await emu?.stop();
});

/** Grows the current instance's memory to the maximum: its next fresh allocation traps. */
function exhaust() {
  const memory = instances.at(-1).exports.memory;
  memory.grow(MAX_PAGES - memory.buffer.byteLength / 65_536);
  assert.equal(memory.buffer.byteLength, MAX_PAGES * 65_536);
}

/** A body whose validation needs megabytes of fresh wasm memory. */
const bigBody = () => ({ type: "text", payload: { text: "x".repeat(4 << 20) }, userId: USER_ID, conversationId: "conv_01HZY00000000000000000000A", tags: {} });

// The in-flight test runs first, on the instance from load: a test that already moved megabytes
// through an instance leaves free blocks of those sizes, which a later allocation would reuse
// without growing memory (and so without trapping).
test("a trap while calls are in flight: each settles with InternalError, nothing unhandled; the same Client then works", async () => {
  let open;
  const gate = new Promise((resolve) => (open = resolve));
  let gated = 0;
  // The first two calls wait at the gate, then get a large (valid) answer whose reading needs
  // fresh memory; every later call goes to the emulator.
  const fetch = async (...args) => {
    if (gated < 2) {
      gated++;
      await gate;
      const conversation = { id: "conv_01HZY00000000000000000000A", channel: "web", integration: "x".repeat(4 << 20), tags: {}, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z" };
      return new Response(JSON.stringify({ conversation }), { status: 200, headers: { "content-type": "application/json" } });
    }
    return globalThis.fetch(...args);
  };
  assert.equal(instances.length, 1, "the package made one instance at load");
  const before = instances.length;
  const client = new Client({ token: "bp_pat_recovery", botId: "bot_recovery", baseUrl: emu.url, fetch });
  const body = { channel: "web", tags: { recovery: "1" } };
  const first = client.getOrCreateConversation(body);
  const second = getOrCreateConversation({ token: "bp_pat_recovery", botId: "bot_recovery", baseUrl: emu.url, fetch }, body);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(gated, 2, "both calls are in flight");
  exhaust();
  open();
  const settled = await Promise.allSettled([first, second].map((p) => Promise.race([p, new Promise((_, reject) => setTimeout(() => reject(new Error("never settled")), 5000))])));
  for (const s of settled) {
    assert.equal(s.status, "rejected");
    assert.ok(s.reason instanceof InternalError, `InternalError, got ${s.reason?.stack ?? s.reason}`);
  }
  assert.equal(settled[0].reason, settled[1].reason, "one trap, one error");

  await emu.reset();
  const { conversation, meta } = await client.getOrCreateConversation(body);
  assert.match(conversation.id, /^conv_/);
  assert.equal(meta.created, true);
  assert.equal(instances.length, before + 1, "one fresh instance for the later calls");
  const again = await client.getOrCreateConversation(body);
  assert.equal(again.conversation.id, conversation.id);
  const log = await emu.requests();
  assert.equal(log.length, 2, "the trapped calls sent nothing more; the later ones reached the server");
  assert.equal(log[0].headers.authorization, "Bearer bp_pat_recovery", "the rebuilt client kept its options");
  client.free();
  client.free();

  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(unhandled, [], "no unhandled rejection or uncaught exception");
});

test("a trap in a synchronous call throws InternalError; the next call runs on a fresh instance", () => {
  const before = instances.length;
  exhaust();
  let thrown;
  try {
    validateGetOrCreateMessage(bigBody());
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof InternalError, `InternalError, got ${thrown}`);
  assert.ok(thrown instanceof BotpressError);
  assert.equal(thrown.code, "internal");
  assert.equal(thrown.name, "InternalError");
  assert.ok(thrown.cause instanceof WebAssembly.RuntimeError, `the trap is the cause: ${thrown.cause}`);

  assert.deepEqual(validateGetOrCreateMessage({}).map((i) => i.path).sort(), ["conversationId", "payload", "tags", "type", "userId"]);
  assert.equal(instances.length, before + 1, "one fresh instance");
  assert.deepEqual(validateGetOrCreateMessage(bigBody()), [], "the fresh instance has its own memory");
  // The error classes are registered again: a validation error is still a ValidationError.
  assert.throws(() => new Client({ token: "", botId: "b" }), pkg.ValidationError);
});
