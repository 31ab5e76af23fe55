// The wire format of both calls, as the emulator logged it: method, path, headers, body.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { Client, getOrCreateConversation, getOrCreateMessage, ValidationError } from "botpress-chat-wasm";
import { startEmulator } from "./helpers/emulator.mjs";
import { USER_ID, conversationBody, messageBody, thrown } from "./helpers/util.mjs";

const TOKEN = "bp_pat_wire0123456789";
const CONV_PATH = "/v1/chat/conversations/get-or-create";
const MSG_PATH = "/v1/chat/messages/get-or-create";

let emu;
before(async () => {
  emu = await startEmulator();
});
after(() => emu?.stop());
beforeEach(() => emu.reset());

const client = (extra = {}) => new Client({ token: TOKEN, botId: "bot_wire", baseUrl: emu.url, ...extra });

async function onlyRequest() {
  const log = await emu.requests();
  assert.equal(log.length, 1, `exactly one request: ${JSON.stringify(log.map((r) => r.path))}`);
  return log[0];
}

/** A conversation the emulator knows, for message calls. */
async function conversationId(c) {
  const { conversation } = await c.getOrCreateConversation(conversationBody({ wire: "setup" }));
  await emu.clearRequests();
  return conversation.id;
}

test("getOrCreateConversation: POST, exact path, required headers only, body as JSON.stringify", async () => {
  const body = conversationBody({ user: "u-1" });
  await client().getOrCreateConversation(body);
  const r = await onlyRequest();
  assert.equal(r.method, "POST");
  assert.equal(r.path, CONV_PATH);
  assert.equal(r.query, undefined);
  assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(r.headers["x-bot-id"], "bot_wire");
  assert.equal(r.headers["content-type"], "application/json");
  assert.ok(!("x-integration-id" in r.headers), "no x-integration-id when not set");
  assert.ok(!("x-integration-alias" in r.headers), "no x-integration-alias when not set");
  assert.equal(r.body, JSON.stringify(body));
  assert.equal(Number(r.headers["content-length"]), Buffer.byteLength(r.body));
});

test("getOrCreateMessage: POST, exact path, body as JSON.stringify", async () => {
  const c = client();
  const body = messageBody(await conversationId(c));
  const out = await c.getOrCreateMessage(body);
  const r = await onlyRequest();
  assert.equal(r.method, "POST");
  assert.equal(r.path, MSG_PATH);
  assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(r.headers["x-bot-id"], "bot_wire");
  assert.equal(r.headers["content-type"], "application/json");
  assert.equal(r.body, JSON.stringify(body));
  assert.equal(out.message.conversationId, body.conversationId);
});

test("x-integration-id and x-integration-alias are sent when set", async () => {
  await client({ integrationId: "intver_123", integrationAlias: "webchat" }).getOrCreateConversation(conversationBody());
  const r = await onlyRequest();
  assert.equal(r.headers["x-integration-id"], "intver_123");
  assert.equal(r.headers["x-integration-alias"], "webchat");
  await emu.clearRequests();
  await client({ integrationAlias: "only-alias" }).getOrCreateConversation(conversationBody());
  const r2 = await onlyRequest();
  assert.equal(r2.headers["x-integration-alias"], "only-alias");
  assert.ok(!("x-integration-id" in r2.headers));
});

test("options set to undefined count as absent", async () => {
  await client({ integrationId: undefined, integrationAlias: undefined, headers: undefined, timeoutMs: undefined }).getOrCreateConversation(
    conversationBody(),
  );
  const r = await onlyRequest();
  assert.ok(!("x-integration-id" in r.headers));
  assert.ok(!("x-integration-alias" in r.headers));
});

test("extra headers are passed along", async () => {
  await client({ headers: { "X-Trace-Id": "trace-1", "x-user-key": "uk_1", Accept: "application/json" } }).getOrCreateConversation(
    conversationBody(),
  );
  const r = await onlyRequest();
  assert.equal(r.headers["x-trace-id"], "trace-1");
  assert.equal(r.headers["x-user-key"], "uk_1");
  assert.equal(r.headers.accept, "application/json");
  assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
});

test("extra headers cannot override the reserved ones", async () => {
  for (const name of ["Authorization", "authorization", "AUTHORIZATION", "X-Bot-Id", "x-integration-id", "X-Integration-Alias", "Content-Type"]) {
    const e = thrown(() => client({ headers: { [name]: "evil" } }));
    assert.ok(e instanceof ValidationError, name);
    assert.equal(e.code, "invalid_request");
    assert.deepEqual(
      e.issues.map((i) => [i.path, i.code]),
      [[/^[A-Za-z_$][\w$]*$/.test(name) ? `headers.${name}` : `headers[${JSON.stringify(name)}]`, "reserved"]],
      name,
    );
    // The one-shot form rejects the same way, and sends nothing.
    const r = await getOrCreateConversation({ token: TOKEN, botId: "b", baseUrl: emu.url, headers: { [name]: "evil" } }, conversationBody()).then(
      () => assert.fail("resolved"),
      (x) => x,
    );
    assert.ok(r instanceof ValidationError);
  }
  assert.deepEqual(await emu.requests(), []);
});

test("the body is byte-identical to JSON.stringify of the input", async () => {
  const c = client();
  const conv = await conversationId(c);
  const bodies = [
    [client, conversationBody({ "ключ": "значение 😀", empty: "", gone: null }, { discriminateByTags: ["ключ"], properties: { p: "1", q: null } })],
    [client, { tags: { z: "1", a: "2" }, integrationName: "telegram", channel: "\u2028 \"quoted\" \\ \t" }],
    [client, { channel: "web", tags: { s: "\ud800 lone \udfff" } }],
    [client, { channel: "web", tags: {}, integrationName: undefined, properties: undefined }],
    [null, messageBody(conv, { payload: { text: "é\u0000\u001f</script>", metadata: { k: [1, { n: null }] } } })],
    [null, messageBody(conv, { type: "location", payload: { latitude: 45.50884, longitude: -73.58781, address: "x" } })],
    [null, messageBody(conv, { type: "custom-kind", payload: { n: 1e21, m: -0, f: 0.1, big: 12345678901234567890, arr: [null, true, "s"] } })],
    [null, messageBody(conv, { schedule: { dateTime: new Date(Date.UTC(2031, 4, 6, 7, 8, 9, 10)) }, origin: "synthetic" })],
    [null, messageBody(conv, { schedule: { delay: 1500 }, tags: { a: "b" }, discriminateByTags: ["a"] })],
    [
      null,
      messageBody(conv, {
        type: "carousel",
        payload: { items: [{ title: "t", subtitle: "s", imageUrl: "https://i", actions: [{ action: "postback", label: "L", value: "V" }] }] },
      }),
    ],
  ];
  for (const [kind, body] of bodies) {
    await emu.clearRequests();
    if (kind) await c.getOrCreateConversation(body);
    else await c.getOrCreateMessage(body);
    const r = await onlyRequest();
    assert.equal(r.body, JSON.stringify(body));
    assert.ok(!r.body.includes("undefined"));
  }
});

test("what is sent is the body as it was at call time", async () => {
  const body = conversationBody({ v: "before" });
  const pending = client().getOrCreateConversation(body);
  body.tags.v = "after";
  body.extra = "field";
  const out = await pending;
  const r = await onlyRequest();
  assert.equal(r.body, JSON.stringify(conversationBody({ v: "before" })));
  assert.deepEqual(out.conversation.tags, { v: "before" });
});

test("an invalid body sends nothing (unknown fields never reach the wire)", async () => {
  const e = await client()
    .getOrCreateConversation({ ...conversationBody(), unknown: 1 })
    .then(() => assert.fail("resolved"), (x) => x);
  assert.ok(e instanceof ValidationError);
  assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [["unknown", "unknown_field"]]);
  assert.deepEqual(await emu.requests(), []);
});

test("meta is passed through; the output is the server's JSON", async () => {
  const c = client();
  const first = await c.getOrCreateConversation(conversationBody({ m: "1" }));
  assert.deepEqual(first.meta, { created: true });
  const again = await c.getOrCreateConversation(conversationBody({ m: "1" }));
  assert.deepEqual(again.meta, { created: false });
  assert.deepEqual(again.conversation, { ...first.conversation, updatedAt: again.conversation.updatedAt });

  // A scripted 200: unknown fields and meta come back untouched; no meta, no meta key.
  const conversation = {
    id: "conv_01HZY0000000000000000000AB",
    createdAt: "2024-01-01T00:00:00.000Z",
    updatedAt: "2024-01-01T00:00:00.000Z",
    channel: "web",
    integration: "webchat",
    tags: { a: "1" },
    futureField: { nested: [1, 2] },
  };
  const withMeta = { conversation, meta: { created: true, extra: "x" }, serverVersion: 7 };
  await emu.faults({ path: CONV_PATH, status: 200, body: JSON.stringify(withMeta) });
  assert.deepEqual(await c.getOrCreateConversation(conversationBody()), withMeta);
  await emu.faults({ path: CONV_PATH, status: 200, body: JSON.stringify({ conversation }) });
  const noMeta = await c.getOrCreateConversation(conversationBody());
  assert.deepEqual(noMeta, { conversation });
  assert.ok(!("meta" in noMeta));

  const message = {
    id: "msg_01HZY0000000000000000000AB",
    createdAt: "2024-01-01T00:00:00.000Z",
    updatedAt: "2024-01-01T00:00:00.000Z",
    type: "text",
    payload: { text: "hi" },
    direction: "incoming",
    userId: USER_ID,
    conversationId: conversation.id,
    tags: {},
  };
  await emu.faults({ path: MSG_PATH, status: 201, body: JSON.stringify({ message, meta: { created: false } }) });
  assert.deepEqual(await c.getOrCreateMessage(messageBody(conversation.id)), { message, meta: { created: false } });
});

test("the one-shot functions send the same requests", async () => {
  const opts = { token: TOKEN, botId: "bot_wire", baseUrl: emu.url, integrationId: "iid" };
  const { conversation } = await getOrCreateConversation(opts, conversationBody({ one: "shot" }));
  const body = messageBody(conversation.id);
  const { message } = await getOrCreateMessage(opts, body, { timeoutMs: 5000 });
  assert.equal(message.conversationId, conversation.id);
  const log = await emu.requests();
  assert.deepEqual(log.map((r) => [r.method, r.path]), [["POST", CONV_PATH], ["POST", MSG_PATH]]);
  for (const r of log) {
    assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(r.headers["x-integration-id"], "iid");
  }
  assert.equal(log[1].body, JSON.stringify(body));
});

test("a trailing slash on baseUrl does not change the path", async () => {
  await client({ baseUrl: emu.url + "/" }).getOrCreateConversation(conversationBody());
  assert.equal((await onlyRequest()).path, CONV_PATH);
});

test("each attempt hands an injected fetch headers of its own: mutating them changes no retry and no later call", async () => {
  const seen = [];
  let calls = 0;
  const c = new Client({
    token: TOKEN,
    botId: "bot_wire",
    baseUrl: "http://127.0.0.1:9",
    headers: { "x-extra": "1" },
    fetch: async (url, init) => {
      calls++;
      seen.push({ ...init.headers });
      // What a careless wrapper might do to the object it was given.
      delete init.headers["x-bot-id"];
      delete init.headers.authorization;
      init.headers["x-extra"] = "mutated";
      init.headers["x-added"] = "by fetch";
      if (calls === 1) return new Response("", { status: 503, headers: { "retry-after": "0" } });
      return new Response(JSON.stringify({ conversation: { id: "conv_1", createdAt: "x", updatedAt: "x", channel: "web", integration: "i", tags: {} } }));
    },
  });
  await c.getOrCreateConversation(conversationBody()); // a 503, then a retry
  await c.getOrCreateConversation(conversationBody()); // a later call
  assert.equal(seen.length, 3);
  const expected = { "x-extra": "1", authorization: `Bearer ${TOKEN}`, "x-bot-id": "bot_wire", "content-type": "application/json" };
  for (const [i, h] of seen.entries()) assert.deepEqual(h, expected, `attempt ${i + 1}`);
});

test("when JSON.stringify throws and the value is read anyway, exactly what JSON.stringify gives is sent", async () => {
  // A getter that throws on its first read only: JSON.stringify fails, the walker then reads
  // the value. The text sent must be what JSON.stringify gives for that value: lone surrogates
  // as \ud800 escapes (not U+FFFD), \b and \f in their short forms, keys included.
  const sent = [];
  const c = new Client({
    token: TOKEN,
    botId: "bot_wire",
    baseUrl: "http://127.0.0.1:9",
    fetch: async (url, init) => {
      sent.push(init.body);
      return new Response(JSON.stringify({ conversation: { id: "conv_1", createdAt: "x", updatedAt: "x", channel: "web", integration: "i", tags: {} } }));
    },
  });
  const flaky = (value) => {
    let reads = 0;
    return { enumerable: true, get: () => (reads++ === 0 ? (() => { throw new Error("not yet"); })() : value) };
  };
  const cases = [
    { tags: { a: "\ud800", b: "x\udc00y", c: "\ud83d\ude00", d: "\ufffd real", "\udfff": "lone key", "k\ufffd": "\ud800\ud800" } },
    { tags: { ctl: "\b\f\n\r\t\u0001\u001f\u007f\u2028\"\\" } },
    { tags: { gone: undefined, "\ud800gone": undefined, after: "\udc01" }, properties: { p: "\ud801" } },
  ];
  for (const extra of cases) {
    const body = { channel: "web\ud800", ...extra };
    Object.defineProperty(body, "discriminateByTags", flaky(["\udbff", "t"]));
    sent.length = 0;
    await c.getOrCreateConversation(body);
    assert.equal(sent.length, 1);
    // The getter works from now on, so JSON.stringify gives the reference text.
    assert.equal(sent[0], JSON.stringify(body));
  }
});
