"use strict";
// The package resolves by name through require() and needs no init call.

const { test } = require("node:test");
const assert = require("node:assert/strict");

const NAMES = [
  "AbortError",
  "ApiError",
  "BotpressError",
  "Client",
  "InternalError",
  "InvalidResponseError",
  "NetworkError",
  "TimeoutError",
  "ValidationError",
  "getOrCreateConversation",
  "getOrCreateMessage",
  "ready",
  "validateGetOrCreateConversation",
  "validateGetOrCreateMessage",
];

test("require by name gives the documented exports, ready to use", () => {
  const pkg = require("botpress-chat-wasm");
  assert.match(require.resolve("botpress-chat-wasm"), /[\\/]entry[\\/]node\.cjs$/);
  assert.deepEqual(Object.keys(pkg).sort(), NAMES);
  assert.equal(require("botpress-chat-wasm"), pkg, "one module instance");
});

test("require('botpress-chat-wasm').validateGetOrCreateMessage({}) lists the five missing fields", () => {
  const issues = require("botpress-chat-wasm").validateGetOrCreateMessage({});
  assert.ok(Array.isArray(issues));
  assert.deepEqual(issues.map((i) => i.path).sort(), ["conversationId", "payload", "tags", "type", "userId"]);
  for (const i of issues) {
    assert.deepEqual(Object.keys(i).sort(), ["code", "message", "path"]);
    assert.equal(i.code, "required");
  }
});

test("CJS error classes: instanceof, name, code", () => {
  const { BotpressError, ValidationError, ApiError, NetworkError, TimeoutError, AbortError, InvalidResponseError, Client } =
    require("botpress-chat-wasm");
  const codes = [
    [ValidationError, "ValidationError", "invalid_request"],
    [ApiError, "ApiError", "api"],
    [NetworkError, "NetworkError", "network"],
    [TimeoutError, "TimeoutError", "timeout"],
    [AbortError, "AbortError", "aborted"],
    [InvalidResponseError, "InvalidResponseError", "invalid_response"],
  ];
  for (const [Cls, name, code] of codes) {
    const e = new Cls("x");
    assert.ok(e instanceof Error && e instanceof BotpressError && e instanceof Cls, name);
    assert.equal(e.name, name);
    assert.equal(e.code, code);
  }
  assert.throws(() => new Client({ token: "t" }), (e) => {
    assert.ok(e instanceof ValidationError);
    assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [["botId", "required"]]);
    return true;
  });
});
