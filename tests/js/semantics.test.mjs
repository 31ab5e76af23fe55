// Get-or-create end to end through Client, against the emulator.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { Client, ApiError, BotpressError } from "botpress-chat-wasm";
import { startEmulator } from "./helpers/emulator.mjs";
import { UNKNOWN_CONVERSATION, conversationBody, messageBody, rejection } from "./helpers/util.mjs";

const TOKEN = "bp_pat_semantics_42";
const CONV_ID = /^conv_[0-9A-HJKMNP-TV-Z]{26}$/;
const MSG_ID = /^msg_[0-9A-HJKMNP-TV-Z]{26}$/;

let emu;
before(async () => {
  emu = await startEmulator();
});
after(() => emu?.stop());
beforeEach(() => emu.reset());

const client = (extra = {}) => new Client({ token: TOKEN, botId: "bot_sem", baseUrl: emu.url, ...extra });

test("same tags: same conversation, created only the first time", async () => {
  const c = client();
  const a = await c.getOrCreateConversation(conversationBody({ user: "u1", thread: "t" }));
  assert.equal(a.meta.created, true);
  assert.match(a.conversation.id, CONV_ID);
  assert.equal(a.conversation.channel, "web");
  assert.deepEqual(a.conversation.tags, { user: "u1", thread: "t" });
  assert.ok(!Number.isNaN(Date.parse(a.conversation.createdAt)));

  // Same tags in another order, through another client: found.
  const b = await client().getOrCreateConversation(conversationBody({ thread: "t", user: "u1" }));
  assert.equal(b.meta.created, false);
  assert.equal(b.conversation.id, a.conversation.id);

  const other = await c.getOrCreateConversation(conversationBody({ user: "u2", thread: "t" }));
  assert.equal(other.meta.created, true);
  assert.notEqual(other.conversation.id, a.conversation.id);
  assert.match(other.conversation.id, CONV_ID);
});

test("discriminateByTags: only the listed tags decide", async () => {
  const c = client();
  const a = await c.getOrCreateConversation(conversationBody({ user: "u1", session: "s1" }));
  // All tags must match without a discriminator list: a new conversation.
  const b = await c.getOrCreateConversation(conversationBody({ user: "u1", session: "s2" }));
  assert.equal(b.meta.created, true);
  assert.notEqual(b.conversation.id, a.conversation.id);
  // With discriminateByTags: ["user"], the session tag no longer matters.
  const d = await c.getOrCreateConversation({ ...conversationBody({ user: "u1", session: "s3" }), discriminateByTags: ["user"] });
  assert.equal(d.meta.created, false);
  assert.ok([a.conversation.id, b.conversation.id].includes(d.conversation.id));
  const e = await c.getOrCreateConversation({ ...conversationBody({ user: "u9", session: "s1" }), discriminateByTags: ["user"] });
  assert.equal(e.meta.created, true);
});

test("concurrent calls on one client: one conversation, created once", async () => {
  const c = client();
  const all = await Promise.all(Array.from({ length: 20 }, () => c.getOrCreateConversation(conversationBody({ burst: "1" }))));
  assert.equal(new Set(all.map((r) => r.conversation.id)).size, 1);
  assert.equal(all.filter((r) => r.meta.created).length, 1);
  assert.equal((await emu.requests()).length, 20);
});

test("conversations are per bot (x-bot-id)", async () => {
  const a = await client().getOrCreateConversation(conversationBody({ k: "v" }));
  const b = await client({ botId: "bot_other" }).getOrCreateConversation(conversationBody({ k: "v" }));
  assert.equal(b.meta.created, true);
  assert.notEqual(a.conversation.id, b.conversation.id);
});

test("messages: get-or-create by tags inside a conversation", async () => {
  const c = client();
  const { conversation } = await c.getOrCreateConversation(conversationBody({ m: "1" }));
  const body = messageBody(conversation.id, { tags: { ext: "e-1" }, payload: { text: "first" } });
  const a = await c.getOrCreateMessage(body);
  assert.equal(a.meta.created, true);
  assert.match(a.message.id, MSG_ID);
  assert.equal(a.message.conversationId, conversation.id);
  assert.equal(a.message.type, "text");
  assert.deepEqual(a.message.payload, { text: "first" });
  assert.equal(a.message.userId, body.userId);

  const again = await c.getOrCreateMessage(body);
  assert.equal(again.meta.created, false);
  assert.equal(again.message.id, a.message.id);

  const other = await c.getOrCreateMessage({ ...body, tags: { ext: "e-2" } });
  assert.equal(other.meta.created, true);
  assert.notEqual(other.message.id, a.message.id);
  assert.match(other.message.id, MSG_ID);
});

test("a message in an unknown conversation: ApiError 404 ResourceNotFound, not retried", async () => {
  const e = await rejection(client().getOrCreateMessage(messageBody(UNKNOWN_CONVERSATION)));
  assert.ok(e instanceof ApiError && e instanceof BotpressError);
  assert.equal(e.code, "api");
  assert.equal(e.status, 404);
  assert.equal(e.type, "ResourceNotFound");
  assert.equal(e.retryable, false);
  assert.match(e.id, /^err_/);
  assert.match(e.requestId, /^req_/);
  assert.match(e.message, /^404 ResourceNotFound: /);
  assert.ok(e.message.includes(UNKNOWN_CONVERSATION));
  const log = await emu.requests();
  assert.equal(log.length, 1, "a 404 is not retried");
});

test("401 without a token (a raw request, and a client whose fetch drops the header)", async () => {
  const res = await fetch(emu.url + "/v1/chat/conversations/get-or-create", {
    method: "POST",
    headers: { "content-type": "application/json", "x-bot-id": "bot_sem" },
    body: JSON.stringify(conversationBody()),
  });
  assert.equal(res.status, 401);
  const body = await res.json();
  assert.equal(body.type, "Unauthorized");
  assert.equal(body.code, 401);

  // The client always sends the token; strip it on the way out to see how a 401 surfaces.
  const stripping = (url, init) => {
    const headers = { ...init.headers };
    delete headers.authorization;
    return fetch(url, { ...init, headers });
  };
  await emu.clearRequests();
  const e = await rejection(client({ fetch: stripping }).getOrCreateConversation(conversationBody()));
  assert.ok(e instanceof ApiError);
  assert.equal(e.status, 401);
  assert.equal(e.type, "Unauthorized");
  assert.equal(e.retryable, false);
  assert.equal((await emu.requests()).length, 1, "a 401 is not retried");
});

test("ids have the conv_ / msg_ + 26-character ULID shape", async () => {
  const c = client();
  const ids = new Set();
  for (let i = 0; i < 5; i++) {
    const { conversation } = await c.getOrCreateConversation(conversationBody({ i: String(i) }));
    assert.match(conversation.id, CONV_ID);
    assert.equal(conversation.id.length, 31);
    const { message } = await c.getOrCreateMessage(messageBody(conversation.id));
    assert.match(message.id, MSG_ID);
    assert.equal(message.id.length, 30);
    ids.add(conversation.id).add(message.id);
  }
  assert.equal(ids.size, 10);
});
