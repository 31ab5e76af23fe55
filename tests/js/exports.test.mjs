// The package resolves by name as ESM, shares its instance with require(), needs no init
// call, and exports real error classes.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import * as esm from "botpress-chat-wasm";

const require = createRequire(import.meta.url);

const FUNCTIONS = ["Client", "getOrCreateConversation", "getOrCreateMessage", "validateGetOrCreateConversation", "validateGetOrCreateMessage"];
const ERRORS = {
  BotpressError: undefined,
  ValidationError: "invalid_request",
  ApiError: "api",
  NetworkError: "network",
  TimeoutError: "timeout",
  AbortError: "aborted",
  InvalidResponseError: "invalid_response",
  InternalError: "internal",
};
const NAMES = ["ready", ...FUNCTIONS, ...Object.keys(ERRORS)].sort();

test("import by name resolves to the Node ESM entry, require to the CJS one", () => {
  assert.match(import.meta.resolve("botpress-chat-wasm"), /\/entry\/node\.mjs$/);
  assert.match(require.resolve("botpress-chat-wasm"), /[\\/]entry[\\/]node\.cjs$/);
  assert.equal(require("botpress-chat-wasm/package.json").name, "botpress-chat-wasm");
});

test("ESM exports exactly the documented names", () => {
  assert.deepEqual(Object.keys(esm).sort(), NAMES);
  for (const name of FUNCTIONS) assert.equal(typeof esm[name], "function", name);
  assert.ok(esm.ready instanceof Promise, "ready is a promise");
});

test("ready resolves in Node (the wasm is instantiated at load)", async () => {
  assert.equal(await esm.ready, undefined);
});

test("ESM and CJS give the same instance (node.mjs re-exports node.cjs)", () => {
  const cjs = require("botpress-chat-wasm");
  assert.deepEqual(Object.keys(cjs).sort(), NAMES);
  for (const name of NAMES) assert.equal(esm[name], cjs[name], `${name} differs between import and require`);
  // An error made by one side is an instance of the other side's class.
  let err;
  try {
    new cjs.Client({});
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof esm.ValidationError);
  assert.ok(err instanceof esm.BotpressError);
});

test("no init call: validation and a client work right after import", () => {
  assert.deepEqual(esm.validateGetOrCreateConversation({ channel: "web", tags: {} }), []);
  const issues = esm.validateGetOrCreateConversation({ tags: {} });
  assert.deepEqual(issues.map((i) => [i.path, i.code]), [["channel", "required"]]);
  const client = new esm.Client({ token: "t", botId: "b", baseUrl: "http://127.0.0.1:9" });
  assert.equal(typeof client.getOrCreateConversation, "function");
  assert.equal(typeof client.getOrCreateMessage, "function");
  assert.equal(typeof client.free, "function");
  client.free();
});

test("validateGetOrCreateMessage({}) lists the five required fields", () => {
  const issues = esm.validateGetOrCreateMessage({});
  assert.deepEqual(issues.map((i) => i.path).sort(), ["conversationId", "payload", "tags", "type", "userId"]);
  for (const i of issues) {
    assert.equal(i.code, "required");
    assert.ok(i.message.includes(i.path), `message names the field: ${i.message}`);
  }
});

test("error classes are real Error subclasses with a stable name and code", () => {
  const { BotpressError } = esm;
  assert.equal(typeof BotpressError, "function");
  assert.equal(BotpressError.name, "BotpressError");
  assert.ok(BotpressError.prototype instanceof Error);
  const base = new BotpressError("base");
  assert.ok(base instanceof Error);
  assert.equal(base.name, "BotpressError");
  assert.equal(base.message, "base");

  for (const [name, code] of Object.entries(ERRORS)) {
    if (name === "BotpressError") continue;
    const Cls = esm[name];
    assert.equal(typeof Cls, "function", name);
    assert.equal(Cls.name, name);
    assert.equal(Object.getPrototypeOf(Cls), BotpressError, `${name} extends BotpressError`);
    const e = new Cls("boom");
    assert.ok(e instanceof Error, `${name} instanceof Error`);
    assert.ok(e instanceof BotpressError, `${name} instanceof BotpressError`);
    assert.ok(e instanceof Cls);
    assert.equal(e.name, name);
    assert.equal(e.code, code);
    assert.equal(e.message, "boom");
    assert.equal(Object.prototype.toString.call(e), "[object Error]");
    assert.equal(String(e), `${name}: boom`);
    assert.match(e.stack, new RegExp(`^${name}: boom\\n\\s+at `));
    // The classes are distinct: an ApiError is not a TimeoutError.
    for (const other of Object.keys(ERRORS)) {
      if (other !== name && other !== "BotpressError") assert.ok(!(e instanceof esm[other]), `${name} instanceof ${other}`);
    }
  }
});

test("errors raised by the package are instances of the exported classes", async () => {
  const err = (() => {
    try {
      new esm.Client({ token: "", botId: "b" });
    } catch (e) {
      return e;
    }
  })();
  assert.ok(err instanceof esm.ValidationError);
  assert.equal(err.name, "ValidationError");
  assert.equal(err.code, "invalid_request");
  assert.ok(Array.isArray(err.issues));
  assert.deepEqual(err.issues.map((i) => i.path), ["token"]);

  const rejected = await esm
    .getOrCreateConversation({ token: "t", botId: "b", baseUrl: "http://127.0.0.1:9" }, { channel: 1, tags: {} })
    .then(() => assert.fail("resolved"), (e) => e);
  assert.ok(rejected instanceof esm.ValidationError);
  assert.deepEqual(rejected.issues.map((i) => [i.path, i.code]), [["channel", "type"]]);
});

test("free() and [Symbol.dispose]() are idempotent, in the Node glue and the web glue", async () => {
  // `using c = new Client(…); c.free();` disposes after free at the end of the block: that
  // must not throw (wasm-bindgen's own free() threw "null pointer passed to rust").
  // The web glue (browsers, bundlers, Deno, workerd) is loaded from the built package directly.
  const pkgDir = new URL("../../pkg/", import.meta.url);
  const web = await import(new URL("botpress_chat_wasm.js", pkgDir));
  web.initSync({ module: readFileSync(new URL("botpress_chat_wasm_bg.wasm", pkgDir)) });
  const glues = [["node", esm.Client], ["web", web.Client]];
  for (const [label, Client] of glues) {
    const options = { token: "t", botId: "b", baseUrl: "http://127.0.0.1:9" };
    const a = new Client(options);
    a.free();
    assert.doesNotThrow(() => a.free(), `${label}: free() twice`);
    assert.doesNotThrow(() => a[Symbol.dispose](), `${label}: dispose after free()`);
    const b = new Client(options);
    b[Symbol.dispose]();
    assert.doesNotThrow(() => b[Symbol.dispose](), `${label}: dispose twice`);
    assert.doesNotThrow(() => b.free(), `${label}: free() after dispose`);
    // A freed client still refuses calls, synchronously, with wasm-bindgen's own error.
    assert.throws(() => b.getOrCreateConversation({ channel: "web", tags: {} }), Error, label);
  }
});
