// The fault matrix: every failure surfaces as the documented error class, with the right
// attempt count (read from the emulator's request log), and never shows the token.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import http from "node:http";
import { getEventListeners } from "node:events";
import { spawn } from "node:child_process";
import {
  Client,
  getOrCreateConversation,
  BotpressError,
  ValidationError,
  ApiError,
  NetworkError,
  TimeoutError,
  AbortError,
  InvalidResponseError,
} from "botpress-chat-wasm";
import { startEmulator, ROOT } from "./helpers/emulator.mjs";
import {
  USER_ID,
  UNKNOWN_CONVERSATION,
  activeTimers,
  assertNoSecret,
  conversationBody,
  messageBody,
  rejection,
  sleep,
  streamBody,
  thrown,
} from "./helpers/util.mjs";

const TOKEN = "sk_faults_SECRET_7f3a9c21";
const CONV_PATH = "/v1/chat/conversations/get-or-create";
const MSG_PATH = "/v1/chat/messages/get-or-create";
const RETRY_NOW = { "retry-after": "0" };

let emu;
before(async () => {
  emu = await startEmulator();
});
after(() => emu?.stop());
beforeEach(() => emu.reset());

const client = (extra = {}) => new Client({ token: TOKEN, botId: "bot_faults", baseUrl: emu.url, ...extra });
const attempts = async () => (await emu.requests()).length;

/** Awaits a rejection of class `Cls` with `code`, checks the token is nowhere in it. */
async function expectError(promise, Cls, code, secret = TOKEN) {
  const e = await rejection(promise);
  assert.ok(e instanceof Cls, `expected ${Cls.name}, got ${e && e.name}: ${e && e.message}`);
  assert.ok(e instanceof BotpressError && e instanceof Error);
  assert.equal(e.name, Cls.name);
  assert.equal(e.code, code);
  assert.equal(typeof e.message, "string");
  assertNoSecret(e, secret);
  return e;
}

// ---------------------------------------------------------------------------------------
// Status codes and retries

test("429 with Retry-After: 0, then success: 2 requests, resolves", async () => {
  await emu.faults({ path: CONV_PATH, status: 429, headers: RETRY_NOW });
  const out = await client().getOrCreateConversation(conversationBody());
  assert.equal(out.meta.created, true);
  assert.equal(await attempts(), 2);
});

test("Retry-After is honoured over the backoff (1 s, where the backoff would be at most 0.5 s)", async () => {
  await emu.faults({ path: CONV_PATH, status: 429, headers: { "retry-after": "1" } });
  const started = Date.now();
  await client().getOrCreateConversation(conversationBody());
  assert.ok(Date.now() - started >= 950, `retried after ${Date.now() - started} ms`);
  assert.equal(await attempts(), 2);
});

test("503 until the retries run out: maxRetries 2 gives 3 requests, then ApiError 503 retryable", async () => {
  await emu.faults({ status: 503, headers: RETRY_NOW, times: 5 });
  const e = await expectError(client().getOrCreateConversation(conversationBody()), ApiError, "api");
  assert.equal(e.status, 503);
  assert.equal(e.retryable, true);
  assert.match(e.requestId, /^req_/);
  assert.equal(await attempts(), 3);
});

test("maxRetries from the client and per call", async () => {
  await emu.faults({ status: 503, headers: RETRY_NOW, times: 10 });
  await expectError(client({ maxRetries: 0 }).getOrCreateConversation(conversationBody()), ApiError, "api");
  assert.equal(await attempts(), 1);
  await emu.clearRequests();
  await expectError(client({ maxRetries: 0 }).getOrCreateConversation(conversationBody(), { maxRetries: 1 }), ApiError, "api");
  assert.equal(await attempts(), 2);
  await emu.clearRequests();
  await expectError(client({ maxRetries: 3 }).getOrCreateConversation(conversationBody(), { maxRetries: 0 }), ApiError, "api");
  assert.equal(await attempts(), 1);
});

test("retried statuses: 408 429 500 502 503 504; the others fail at once", async () => {
  for (const status of [408, 429, 500, 502, 503, 504]) {
    await emu.reset();
    await emu.faults({ status, headers: RETRY_NOW });
    const out = await client().getOrCreateConversation(conversationBody());
    assert.ok(out.conversation.id, `${status}`);
    assert.equal(await attempts(), 2, `${status} is retried once`);
  }
  for (const status of [400, 401, 402, 403, 404, 405, 409, 410, 413, 415, 422, 501, 505]) {
    await emu.reset();
    await emu.faults({ status, headers: RETRY_NOW, times: 3 });
    const e = await expectError(client().getOrCreateConversation(conversationBody()), ApiError, "api");
    assert.equal(e.status, status);
    assert.equal(e.retryable, false, `${status}`);
    assert.equal(await attempts(), 1, `${status} is not retried`);
  }
});

test("404 ResourceNotFound is not retried", async () => {
  const e = await expectError(client().getOrCreateMessage(messageBody(UNKNOWN_CONVERSATION)), ApiError, "api");
  assert.equal(e.status, 404);
  assert.equal(e.type, "ResourceNotFound");
  assert.equal(e.retryable, false);
  assert.equal(await attempts(), 1);
});

test("an HTML 502 keeps its status, type Unknown, and the message quotes the body", async () => {
  const html = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>";
  await emu.faults({ status: 502, body: html, headers: RETRY_NOW, times: 3 });
  const e = await expectError(client().getOrCreateConversation(conversationBody()), ApiError, "api");
  assert.equal(e.status, 502);
  assert.equal(e.type, "Unknown");
  assert.equal(e.retryable, true);
  assert.match(e.message, /502 Bad Gateway/);
  assert.equal(e.id, undefined);
  assert.equal(await attempts(), 3);
});

test("an error body of the API shape is read: type, id, metadata", async () => {
  const body = { id: "err_abc", code: 403, type: "Forbidden", message: "not allowed here", metadata: { reason: "plan", n: 1 } };
  await emu.faults({ status: 403, body: JSON.stringify(body), headers: { "x-request-id": "req_custom_1" } });
  const e = await expectError(client().getOrCreateConversation(conversationBody()), ApiError, "api");
  assert.deepEqual(
    { status: e.status, type: e.type, id: e.id, metadata: e.metadata, requestId: e.requestId, retryable: e.retryable },
    { status: 403, type: "Forbidden", id: "err_abc", metadata: { reason: "plan", n: 1 }, requestId: "req_custom_1", retryable: false },
  );
  assert.equal(e.message, "403 Forbidden: not allowed here");
});

test("a redirect is not followed (the token goes nowhere but baseUrl)", async () => {
  await emu.faults({ status: 307, headers: { location: `${emu.url}${CONV_PATH}?followed=1` } });
  const e = await rejection(client().getOrCreateConversation(conversationBody()));
  assert.ok(e instanceof BotpressError, `${e}`);
  assertNoSecret(e, TOKEN);
  await sleep(50);
  const log = await emu.requests();
  assert.equal(log.length, 1);
  assert.equal(log[0].query, undefined);
});

// ---------------------------------------------------------------------------------------
// Bad 2xx answers

test("2xx with a non-JSON body: InvalidResponseError with status and issues, not retried", async () => {
  for (const [status, body] of [
    [200, "this is not json"],
    [200, "<html>ok</html>"],
    [201, '{"conversation": '],
    [204, ""],
  ]) {
    await emu.reset();
    await emu.faults({ path: CONV_PATH, status, body });
    const e = await expectError(client().getOrCreateConversation(conversationBody()), InvalidResponseError, "invalid_response");
    assert.equal(e.status, status);
    assert.ok(Array.isArray(e.issues) && e.issues.length > 0);
    assert.equal(e.issues[0].code, "format");
    assert.equal(await attempts(), 1);
  }
});

test("2xx with the wrong shape: InvalidResponseError naming the fields", async () => {
  await emu.faults({ path: CONV_PATH, status: 200, body: '{"conversation":{"id":5}}' });
  const e = await expectError(client().getOrCreateConversation(conversationBody()), InvalidResponseError, "invalid_response");
  assert.equal(e.status, 200);
  const paths = e.issues.map((i) => i.path);
  assert.ok(paths.includes("conversation.id"), paths.join());
  assert.ok(paths.includes("conversation.tags"), paths.join());

  await emu.faults({ path: MSG_PATH, status: 200, body: JSON.stringify({ conversation: {} }) });
  const m = await expectError(client().getOrCreateMessage(messageBody(UNKNOWN_CONVERSATION)), InvalidResponseError, "invalid_response");
  assert.deepEqual(m.issues.map((i) => [i.path, i.code]), [["message", "required"]]);

  for (const body of ["[]", "null", "42", '"s"']) {
    await emu.faults({ path: CONV_PATH, status: 200, body });
    const x = await expectError(client().getOrCreateConversation(conversationBody()), InvalidResponseError, "invalid_response");
    assert.equal(x.status, 200);
    assert.ok(x.issues.length > 0, body);
  }
});

// ---------------------------------------------------------------------------------------
// Response size limits (maxResponseBytes, 64 KiB of an error body)

/**
 * A loopback server for bodies the emulator cannot script: `GET`-less, every request answered
 * by `handler(req, res, hits)`; `hits` counts requests.
 */
async function bodyServer(handler) {
  const hits = { n: 0, sent: 0 };
  const srv = http.createServer((req, res) => {
    hits.n++;
    req.resume();
    handler(req, res, hits);
  });
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${srv.address().port}`,
    hits,
    close: () => new Promise((r) => { srv.closeAllConnections(); srv.close(r); }),
  };
}

test("a 2xx body over maxResponseBytes: InvalidResponseError too_large, not retried (declared, chunked, or endless with timeoutMs 0)", async () => {
  const valid = JSON.stringify({ conversation: { id: "conv_1", createdAt: "x", updatedAt: "x", channel: "web", integration: "i", tags: {} } });
  for (const how of ["content-length", "chunked", "endless"]) {
    const srv = await bodyServer((req, res) => {
      if (how === "content-length") {
        res.writeHead(200, { "content-type": "application/json", "content-length": String(64 * 2 ** 20) });
        streamBody(res, 64 * 2 ** 20);
      } else {
        res.writeHead(200, { "content-type": "application/json" }); // chunked
        streamBody(res, how === "endless" ? Infinity : 20 * 2 ** 20);
      }
    });
    const started = Date.now();
    const c = new Client({ token: TOKEN, botId: "b", baseUrl: srv.url, timeoutMs: 0 });
    const e = await expectError(c.getOrCreateConversation(conversationBody()), InvalidResponseError, "invalid_response");
    assert.equal(e.status, 200);
    assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [["", "too_large"]], how);
    assert.match(e.message, /maxResponseBytes \(8388608 bytes\)/);
    assert.equal(srv.hits.n, 1, `${how}: not retried`);
    assert.ok(Date.now() - started < 5000, `${how}: took ${Date.now() - started} ms`);
    await srv.close();
  }
  // A lower maxResponseBytes: the same valid body passes at its size and fails one byte under.
  const srv = await bodyServer((req, res) => res.end(valid));
  const size = Buffer.byteLength(valid);
  const ok = await new Client({ token: TOKEN, botId: "b", baseUrl: srv.url, maxResponseBytes: size }).getOrCreateConversation(conversationBody());
  assert.equal(ok.conversation.id, "conv_1");
  const e = await expectError(new Client({ token: TOKEN, botId: "b", baseUrl: srv.url, maxResponseBytes: size - 1 }).getOrCreateConversation(conversationBody()), InvalidResponseError, "invalid_response");
  assert.match(e.message, new RegExp(`maxResponseBytes \\(${size - 1} bytes\\)`));
  await srv.close();
});

test("error bodies are read up to 64 KiB: a 200 MB error body is an ApiError at once, its status and start kept", async () => {
  const srv = await bodyServer((req, res) => {
    res.writeHead(503, { "content-type": "text/html", "retry-after": "0" });
    res.write("<html>upstream overloaded");
    streamBody(res, 200 * 2 ** 20, 0x3c);
  });
  const started = Date.now();
  const rssBefore = process.memoryUsage().rss;
  const c = new Client({ token: TOKEN, botId: "b", baseUrl: srv.url, maxRetries: 1 });
  const e = await expectError(c.getOrCreateConversation(conversationBody()), ApiError, "api");
  const grew = process.memoryUsage().rss - rssBefore;
  assert.ok(grew < 128 * 2 ** 20, `RSS grew by ${(grew / 2 ** 20).toFixed(0)} MB: the body was read whole`);
  assert.equal(e.status, 503);
  assert.equal(e.type, "Unknown");
  assert.match(e.message, /^503 Unknown: unexpected error body: <html>upstream overloaded<+…$/);
  assert.equal(srv.hits.n, 2, "a 503 is still retried");
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  await srv.close();
});

test("a 500 MB body, then a 200 MB error body, on one client: both settle, memory stays bounded, the client keeps working", async () => {
  // Before: wasm memory grew to about three times each body and the second call trapped the
  // instance ("RuntimeError: unreachable") and never settled.
  const { heapUsed: heapBefore, rss: rssBefore } = process.memoryUsage();
  const srv = await bodyServer((req, res, hits) => {
    if (hits.n === 1) {
      res.writeHead(200, { "content-type": "application/json" });
      streamBody(res, 500 * 2 ** 20);
    } else if (hits.n === 2) {
      res.writeHead(500, { "content-type": "text/plain" });
      streamBody(res, 200 * 2 ** 20, 0x78);
    } else {
      res.end(JSON.stringify({ conversation: { id: "conv_after", createdAt: "x", updatedAt: "x", channel: "web", integration: "i", tags: {} } }));
    }
  });
  const c = new Client({ token: TOKEN, botId: "b", baseUrl: srv.url, maxRetries: 0 });
  await expectError(c.getOrCreateConversation(conversationBody()), InvalidResponseError, "invalid_response");
  const e = await expectError(c.getOrCreateConversation(conversationBody()), ApiError, "api");
  assert.equal(e.status, 500);
  const out = await c.getOrCreateConversation(conversationBody());
  assert.equal(out.conversation.id, "conv_after");
  const { heapUsed, rss } = process.memoryUsage();
  assert.ok(heapUsed - heapBefore < 64 * 2 ** 20, `JS heap grew by ${((heapUsed - heapBefore) / 2 ** 20).toFixed(0)} MB`);
  assert.ok(rss - rssBefore < 256 * 2 ** 20, `RSS grew by ${((rss - rssBefore) / 2 ** 20).toFixed(0)} MB`);
  await srv.close();
});

test("an injected fetch's Response-like object without a stream: its text() is capped the same way", async () => {
  const big = "x".repeat(9 * 2 ** 20);
  const fake = (status, text) => async () => ({ status, headers: new Headers(), text: async () => text });
  const e = await expectError(new Client({ token: TOKEN, botId: "b", maxRetries: 0, fetch: fake(200, big) }).getOrCreateConversation(conversationBody()), InvalidResponseError, "invalid_response");
  assert.deepEqual(e.issues.map((i) => i.code), ["too_large"]);
  // UTF-8 counts: 3 million "€" are 3 M UTF-16 units but 9 MB.
  const euros = `{"conversation":{"id":"${"€".repeat(3 * 2 ** 20)}"}}`;
  const e2 = await expectError(new Client({ token: TOKEN, botId: "b", maxRetries: 0, fetch: fake(200, euros) }).getOrCreateConversation(conversationBody()), InvalidResponseError, "invalid_response");
  assert.deepEqual(e2.issues.map((i) => i.code), ["too_large"]);
  const e3 = await expectError(new Client({ token: TOKEN, botId: "b", maxRetries: 0, fetch: fake(502, `<html>${big}`) }).getOrCreateConversation(conversationBody()), ApiError, "api");
  assert.equal(e3.status, 502);
  assert.ok(e3.message.length < 300);
});

test("maxResponseBytes: an integer from 1 to 256 MiB", () => {
  for (const ok of [1, 65536, 8388608, 268435456, undefined]) {
    assert.doesNotThrow(() => new Client({ token: TOKEN, botId: "b", maxResponseBytes: ok }), String(ok));
  }
  for (const [bad, code] of [[0, "range"], [-1, "range"], [268435457, "range"], [Infinity, "range"], [1.5, "type"], [NaN, "type"], ["8mb", "type"], [null, "type"]]) {
    const e = thrown(() => new Client({ token: TOKEN, botId: "b", maxResponseBytes: bad }));
    assert.ok(e instanceof ValidationError, String(bad));
    assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [["maxResponseBytes", code]], String(bad));
  }
});

// ---------------------------------------------------------------------------------------
// Timeouts, aborts, network errors

test("a server that never answers: TimeoutError after timeoutMs, retried per maxRetries", async () => {
  await emu.faults({ hang: true, times: 5 });
  let started = Date.now();
  const e = await expectError(client({ timeoutMs: 200, maxRetries: 0 }).getOrCreateConversation(conversationBody()), TimeoutError, "timeout");
  const took = Date.now() - started;
  assert.equal(e.timeoutMs, 200);
  assert.match(e.message, /200 ms/);
  assert.ok(took >= 190 && took < 2000, `took ${took} ms`);
  assert.equal(await attempts(), 1);

  await emu.clearRequests();
  started = Date.now();
  const e2 = await expectError(client({ maxRetries: 1 }).getOrCreateConversation(conversationBody(), { timeoutMs: 200 }), TimeoutError, "timeout");
  assert.equal(e2.timeoutMs, 200);
  assert.equal(await attempts(), 2);
  assert.ok(Date.now() - started >= 400, "two attempts of 200 ms");
});

test("a slow answer past timeoutMs is a timeout; the retry that answers in time wins", async () => {
  await emu.faults({ delayMs: 1500 });
  const out = await client({ timeoutMs: 300, maxRetries: 1 }).getOrCreateConversation(conversationBody());
  assert.match(out.conversation.id, /^conv_/);
  assert.equal(await attempts(), 2);
});

test("timeoutMs 0 means no timeout: no timer is armed and a slow answer is awaited", async () => {
  await emu.faults({ delayMs: 400 });
  const before = activeTimers();
  const pending = client({ timeoutMs: 100 }).getOrCreateConversation(conversationBody(), { timeoutMs: 0 });
  await sleep(50);
  assert.equal(activeTimers(), before, "no timeout timer with timeoutMs 0");
  const out = await pending;
  assert.match(out.conversation.id, /^conv_/);
  assert.equal(await attempts(), 1);
});

test("the caller aborting mid-request: AbortError with the signal's reason, not retried", async () => {
  await emu.faults({ hang: true, times: 5 });
  const ac = new AbortController();
  const reason = new Error("user left the page");
  setTimeout(() => ac.abort(reason), 100);
  const started = Date.now();
  const e = await expectError(client().getOrCreateConversation(conversationBody(), { signal: ac.signal }), AbortError, "aborted");
  assert.equal(e.cause, reason);
  assert.ok(Date.now() - started < 1000);
  await sleep(900); // longer than any backoff: a retry would show up in the log
  assert.equal(await attempts(), 1);

  // abort() without a reason: the cause is the DOMException the signal carries.
  await emu.clearRequests();
  const ac2 = new AbortController();
  setTimeout(() => ac2.abort(), 50);
  const e2 = await expectError(client().getOrCreateConversation(conversationBody(), { signal: ac2.signal }), AbortError, "aborted");
  assert.equal(e2.cause, ac2.signal.reason);
  assert.equal(e2.cause.name, "AbortError");
});

test("aborting while waiting to retry stops at once", async () => {
  await emu.faults({ status: 503, headers: { "retry-after": "30" }, times: 3 });
  const ac = new AbortController();
  setTimeout(() => ac.abort("stop"), 200);
  const started = Date.now();
  const e = await expectError(client().getOrCreateConversation(conversationBody(), { signal: ac.signal }), AbortError, "aborted");
  assert.equal(e.cause, "stop");
  assert.ok(Date.now() - started < 2000, "did not sit out Retry-After: 30");
  assert.equal(await attempts(), 1);
});

test("an already-aborted signal sends nothing", async () => {
  const reason = { why: "already" };
  for (const signal of [AbortSignal.abort(reason), (() => { const a = new AbortController(); a.abort(reason); return a.signal; })()]) {
    const e = await expectError(client().getOrCreateConversation(conversationBody(), { signal }), AbortError, "aborted");
    assert.equal(e.cause, reason);
    const e2 = await expectError(getOrCreateConversation({ token: TOKEN, botId: "b", baseUrl: emu.url }, conversationBody(), { signal }), AbortError, "aborted");
    assert.equal(e2.cause, reason);
  }
  assert.equal(await attempts(), 0);
});

test("many calls sharing one AbortSignal: no MaxListenersExceededWarning, one abort stops them all, no listener left", async () => {
  const warnings = [];
  const onWarning = (w) => warnings.push(w);
  process.on("warning", onWarning);
  try {
    // 32 concurrent calls, each with a 503 and a retry wait first, all on one signal.
    await emu.faults({ status: 503, headers: { "retry-after": "0.2" }, times: 32 });
    const ac = new AbortController();
    const outs = await Promise.all(Array.from({ length: 32 }, (_, i) => client().getOrCreateConversation(conversationBody({ i: String(i) }), { signal: ac.signal })));
    assert.equal(outs.length, 32);
    assert.equal(getEventListeners(ac.signal, "abort").length, 0, "every link to the caller's signal is removed");

    // 24 hanging calls on one signal (attempts and retry waits mixed): one abort ends them all.
    await emu.reset();
    await emu.faults({ hang: true, times: 12 });
    await emu.faults({ status: 503, headers: { "retry-after": "30" }, times: 12 });
    const ac2 = new AbortController();
    const pending = Array.from({ length: 24 }, (_, i) => rejection(client().getOrCreateConversation(conversationBody({ j: String(i) }), { signal: ac2.signal })));
    await sleep(300);
    assert.ok(getEventListeners(ac2.signal, "abort").length <= 1, "one listener on the shared signal");
    const reason = new Error("shutting down");
    const started = Date.now();
    ac2.abort(reason);
    const errors = await Promise.all(pending);
    assert.ok(Date.now() - started < 1000, "the abort reached every call at once");
    for (const e of errors) {
      assert.ok(e instanceof AbortError, `${e}`);
      assert.equal(e.cause, reason);
    }
    await sleep(20);
    assert.equal(getEventListeners(ac2.signal, "abort").length, 0);
  } finally {
    process.off("warning", onWarning);
  }
  assert.deepEqual(warnings.map((w) => `${w.name}: ${w.message}`), []);
});

test("a closed port: NetworkError with a cause", async () => {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  const c = new Client({ token: TOKEN, botId: "b", baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
  const e = await expectError(c.getOrCreateConversation(conversationBody()), NetworkError, "network");
  assert.ok(e.cause !== undefined && e.cause !== null, "cause is kept");
  assert.match(e.message, /^Network error: /);
});

test("a dropped connection is a network error and is retried", async () => {
  await emu.faults({ drop: true });
  const out = await client().getOrCreateConversation(conversationBody());
  assert.match(out.conversation.id, /^conv_/);
  assert.equal(await attempts(), 2);

  await emu.reset();
  await emu.faults({ drop: true, times: 5 });
  const e = await expectError(client({ maxRetries: 1 }).getOrCreateConversation(conversationBody()), NetworkError, "network");
  assert.ok(e.cause);
  assert.equal(await attempts(), 2);
});

// ---------------------------------------------------------------------------------------
// Validation: nothing is sent

test("an invalid body: ValidationError with issues, zero requests", async () => {
  const c = client();
  const e = await expectError(c.getOrCreateMessage({ type: "text", payload: {}, userId: USER_ID, conversationId: "short", tags: {} }), ValidationError, "invalid_request");
  assert.deepEqual(e.issues.map((i) => [i.path, i.code]).sort(), [["conversationId", "too_short"], ["payload.text", "required"]]);
  assert.match(e.message, /payload\.text/);
  const e2 = await expectError(c.getOrCreateConversation(null), ValidationError, "invalid_request");
  assert.equal(e2.issues.length, 1);
  const e3 = await expectError(c.getOrCreateConversation(conversationBody(), { timeoutMs: -1 }), ValidationError, "invalid_request");
  assert.deepEqual(e3.issues.map((i) => i.path), ["timeoutMs"]);
  const e4 = await expectError(c.getOrCreateConversation(conversationBody(), { signal: "nope" }), ValidationError, "invalid_request");
  assert.deepEqual(e4.issues.map((i) => i.path), ["signal"]);
  assert.equal(await attempts(), 0);
});

test("CR, LF or NUL in token, botId, integrationId, integrationAlias or a header value: ValidationError from the constructor", async () => {
  const secret = "sk_crlf_SECRET_19a8b7";
  const cases = [
    [{ token: `${secret}\r\nx-evil: 1` }, "token"],
    [{ token: `${secret}\n` }, "token"],
    [{ token: `${secret}\0` }, "token"],
    [{ botId: "bot\r\nx-evil: 1" }, "botId"],
    [{ integrationId: "iid\n" }, "integrationId"],
    [{ integrationAlias: "alias\r\nx-evil: 1" }, "integrationAlias"],
    [{ headers: { "x-extra": "v\r\nx-evil: 1" } }, 'headers["x-extra"]'],
    [{ headers: { "x-extra": `${secret}\0` } }, 'headers["x-extra"]'],
  ];
  for (const [opts, path] of cases) {
    const options = { token: secret, botId: "b", baseUrl: emu.url, ...opts };
    const e = thrown(() => new Client(options));
    assert.ok(e instanceof ValidationError, path);
    assert.equal(e.code, "invalid_request");
    assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [[path, "header_value"]], path);
    assertNoSecret(e, secret);
    const r = await expectError(getOrCreateConversation(options, conversationBody()), ValidationError, "invalid_request", secret);
    assert.deepEqual(r.issues.map((i) => i.path), [path]);
  }
  assert.equal(await attempts(), 0);
});

// ---------------------------------------------------------------------------------------
// The token never leaks

test("an error body that echoes the token: redacted everywhere in the ApiError", async () => {
  const echo = {
    id: `err_${TOKEN}`,
    code: 400,
    type: "InvalidPayload",
    message: `bad header Authorization: Bearer ${TOKEN}`,
    metadata: { authorization: `Bearer ${TOKEN}`, nested: [{ token: TOKEN }] },
  };
  await emu.faults({ status: 400, body: JSON.stringify(echo), headers: { "x-request-id": `req_${TOKEN}` } });
  const e = await expectError(client().getOrCreateConversation(conversationBody()), ApiError, "api");
  assert.equal(e.status, 400);
  assert.equal(e.type, "InvalidPayload");
  assert.match(e.message, /^400 InvalidPayload: bad header Authorization: Bearer /);
  assert.ok(e.metadata && typeof e.metadata === "object", "metadata is kept, scrubbed");

  await emu.faults({ status: 502, body: `<html><body>upstream rejected Bearer ${TOKEN}</body></html>` });
  const html = await expectError(client({ maxRetries: 0 }).getOrCreateConversation(conversationBody()), ApiError, "api");
  assert.match(html.message, /upstream rejected/);

  await emu.faults({ status: 401, body: `{"type":"Unauthorized","message":"token ${TOKEN} revoked"}` });
  const odd = await expectError(client().getOrCreateConversation(conversationBody()), ApiError, "api");
  assert.equal(odd.type, "Unknown");
});

test("a failing injected fetch that mentions the token: NetworkError, scrubbed", async () => {
  for (const thrower of [
    () => new Error(`connect failed for Bearer ${TOKEN}`),
    () => `string failure ${TOKEN}`,
    () => new TypeError("fetch failed"),
  ]) {
    const c = client({ maxRetries: 0, fetch: async () => Promise.reject(thrower()) });
    const e = await expectError(c.getOrCreateConversation(conversationBody()), NetworkError, "network");
    assert.ok(e.cause !== undefined);
  }
  // A fetch that throws synchronously is a network error too.
  const sync = client({ maxRetries: 0, fetch: () => { throw new Error(`sync ${TOKEN}`); } });
  await expectError(sync.getOrCreateConversation(conversationBody()), NetworkError, "network");
});

test(
  "the token is scrubbed from a cause's nested causes and fields too",
  async () => {
    const causes = [
      () => new TypeError("fetch failed", { cause: new Error(`proxy answered for Bearer ${TOKEN}`) }),
      () => Object.assign(new Error("request failed"), { config: { headers: { Authorization: `Bearer ${TOKEN}` } } }),
    ];
    for (const make of causes) {
      const c = client({ maxRetries: 0, fetch: async () => Promise.reject(make()) });
      await expectError(c.getOrCreateConversation(conversationBody()), NetworkError, "network");
    }
  },
);

test(
  "a token with a quote or backslash is scrubbed from ApiError.metadata",
  async () => {
    const token = 'sk_quote"and\\slash_77';
    const body = JSON.stringify({ id: "err_1", code: 400, type: "InvalidPayload", message: "m", metadata: { echoed: token } });
    const c = new Client({ token, botId: "b", maxRetries: 0, fetch: async () => new Response(body, { status: 400 }) });
    await expectError(c.getOrCreateConversation(conversationBody()), ApiError, "api", token);
  },
);

// ---------------------------------------------------------------------------------------
// Options

test("baseUrl: https anywhere, http only on loopback", () => {
  for (const baseUrl of [
    "http://example.com",
    "http://127.0.0.1.example.com",
    "http://localhost.example.com",
    "http://10.0.0.1",
    "ftp://127.0.0.1",
    "127.0.0.1:8080",
    "https://user:pw@api.botpress.cloud",
    "https://api.botpress.cloud/?q=1",
    "",
  ]) {
    const e = thrown(() => new Client({ token: TOKEN, botId: "b", baseUrl }));
    assert.ok(e instanceof ValidationError, baseUrl);
    assert.deepEqual(e.issues.map((i) => i.path), ["baseUrl"], baseUrl);
    assertNoSecret(e, TOKEN);
  }
  for (const baseUrl of [
    "http://127.0.0.1",
    "http://127.0.0.1:8787",
    "http://127.1.2.3:1",
    "http://localhost",
    "http://localhost:3000/",
    "http://[::1]:8080",
    "https://api.botpress.cloud",
    "https://example.com/proxy",
  ]) {
    assert.doesNotThrow(() => new Client({ token: TOKEN, botId: "b", baseUrl }).free(), baseUrl);
  }
});

// ---------------------------------------------------------------------------------------
// No timer outlives a call

test("no pending timer after calls settle (timeoutMs 60000, every way a call can end)", async () => {
  const settle = () => new Promise((r) => setImmediate(r));
  await settle();
  const baseline = activeTimers();
  // The detector works: an armed timer is counted.
  const probe = setTimeout(() => {}, 60_000);
  assert.equal(activeTimers(), baseline + 1);
  clearTimeout(probe);
  assert.equal(activeTimers(), baseline);

  const c = client({ timeoutMs: 60_000 });
  // The library's own timers are visible to the detector: one is armed while a call is in flight.
  await emu.faults({ hang: true });
  const ac = new AbortController();
  const inFlight = rejection(c.getOrCreateConversation(conversationBody(), { signal: ac.signal }));
  await sleep(50);
  assert.equal(activeTimers(), baseline + 1, "the attempt's timeout timer is armed");
  ac.abort();
  await inFlight;
  await settle();
  assert.equal(activeTimers(), baseline);

  const scenarios = [
    ["404 fails fast", async () => rejection(c.getOrCreateMessage(messageBody(UNKNOWN_CONVERSATION)))],
    ["success", async () => c.getOrCreateConversation(conversationBody())],
    [
      "retry then success",
      async () => {
        await emu.faults({ status: 429, headers: RETRY_NOW });
        return c.getOrCreateConversation(conversationBody());
      },
    ],
    [
      "retries exhausted",
      async () => {
        await emu.faults({ status: 500, headers: RETRY_NOW, times: 3 });
        return rejection(c.getOrCreateConversation(conversationBody()));
      },
    ],
    [
      "invalid response",
      async () => {
        await emu.faults({ status: 200, body: "nope" });
        return rejection(c.getOrCreateConversation(conversationBody()));
      },
    ],
    [
      "abort mid-request",
      async () => {
        await emu.faults({ hang: true });
        const ac = new AbortController();
        const p = rejection(c.getOrCreateConversation(conversationBody(), { signal: ac.signal }));
        await sleep(50);
        ac.abort();
        return p;
      },
    ],
    [
      "abort during a 30 s backoff",
      async () => {
        await emu.faults({ status: 503, headers: { "retry-after": "30" } });
        const ac = new AbortController();
        const p = rejection(c.getOrCreateConversation(conversationBody(), { signal: ac.signal }));
        await sleep(150);
        ac.abort();
        return p;
      },
    ],
    [
      "timeout of a per-call 100 ms",
      async () => {
        await emu.faults({ hang: true });
        return rejection(c.getOrCreateConversation(conversationBody(), { timeoutMs: 100, maxRetries: 0 }));
      },
    ],
    ["validation error", async () => rejection(c.getOrCreateConversation({}))],
  ];
  for (const [name, run] of scenarios) {
    await emu.reset();
    await run();
    await settle();
    assert.equal(activeTimers(), baseline, `a timer is left armed after: ${name}`);
  }
});

test("a process whose call failed fast exits promptly (no armed 60 s timer keeps it alive)", async () => {
  await emu.faults([{ path: MSG_PATH, status: 404, times: 1 }, { path: CONV_PATH, status: 503, headers: { "retry-after": "30" }, times: 1 }]);
  const script = `
    import { Client } from "botpress-chat-wasm";
    const c = new Client({ token: "t", botId: "b", baseUrl: ${JSON.stringify(emu.url)}, timeoutMs: 60000 });
    const body = { type: "text", payload: { text: "x" }, userId: ${JSON.stringify(USER_ID)}, conversationId: ${JSON.stringify(UNKNOWN_CONVERSATION)}, tags: {} };
    const a = await c.getOrCreateMessage(body).then(() => "resolved", (e) => e.name + " " + e.status);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const b = await c.getOrCreateConversation({ channel: "web", tags: { a: "1" } }, { signal: ac.signal }).then(() => "resolved", (e) => e.name);
    console.log(a + "|" + b);
  `;
  const started = Date.now();
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  const code = await new Promise((r) => child.on("exit", (c, s) => r(c ?? s)));
  clearTimeout(killer);
  const took = Date.now() - started;
  assert.equal(code, 0, err);
  assert.equal(out.trim(), "ApiError 404|AbortError");
  assert.ok(took < 8_000, `the child took ${took} ms to exit`);
});

test("a body in many chunks, split inside characters, decodes like text() call after call (one shared decoder)", async () => {
  const { conversation } = await client().getOrCreateConversation(conversationBody({ thread: "chunks" }));
  const text = "é😀 ü€ — 日本 " + "😀".repeat(40);
  // The server's real answer, handed back by an injected fetch in pieces of `size` bytes (a
  // BOM in front when asked: text() drops it).
  const chunked = (size, bom = false) => async (url, init) => {
    const res = await fetch(url, init);
    let bytes = new Uint8Array(await res.arrayBuffer());
    if (bom) bytes = Uint8Array.of(0xef, 0xbb, 0xbf, ...bytes);
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < bytes.length; i += size) c.enqueue(bytes.slice(i, i + size));
        c.close();
      },
    });
    return new Response(stream, { status: res.status, headers: res.headers });
  };
  for (const [size, bom] of [[1, false], [3, true], [5, false], [7, true], [4096, true], [1 << 20, false]]) {
    for (let round = 0; round < 2; round++) {
      const c = client({ fetch: chunked(size, bom) });
      const got = await c.getOrCreateMessage(messageBody(conversation.id, { payload: { text } }));
      assert.equal(got.message.payload.text, text, `chunks of ${size} B${bom ? " after a BOM" : ""}, round ${round}`);
      c.free();
    }
  }
});
