// What every runtime's run of shared/scenario.mjs must have produced, checked from Node
// against the script's JSON and against the emulator's own log of what reached it.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../../js/helpers/emulator.mjs";
import { TOKEN, UNKNOWN_CONVERSATION, USER_ID } from "../shared/scenario.mjs";

const CONV_ID = /^conv_[0-9A-HJKMNP-TV-Z]{26}$/;
const MSG_ID = /^msg_[0-9A-HJKMNP-TV-Z]{26}$/;
const CONV_PATH = "/v1/chat/conversations/get-or-create";
const MSG_PATH = "/v1/chat/messages/get-or-create";
/** The bytes of shared/scenario.mjs's answer("") (its payload text empty). */
const BASE_ANSWER_BYTES = 316;

/** The exact version a dev tool is pinned to in the root package.json. */
export function pinned(name) {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const v = pkg.devDependencies?.[name];
  assert.ok(v, `${name} is not a devDependency`);
  return v;
}

/**
 * @param {{ok: boolean, result?: any, error?: any, stack?: string}} settled from shared/scenario.mjs settle()
 * @param {Awaited<ReturnType<import("../../js/helpers/emulator.mjs").startEmulator>>} emu
 * @param {string} runtime
 */
export async function expectScenario(settled, emu, runtime) {
  assert.ok(settled.ok, `the scenario failed in ${runtime}: ${JSON.stringify(settled.error)}\n${settled.stack}`);
  const r = settled.result;

  assert.equal(r.ready, "resolved", "the entry's ready promise resolves");
  assert.match(r.conversation.id, CONV_ID);
  assert.equal(r.conversation.created, true, "first getOrCreateConversation creates");
  assert.equal(r.conversation.channel, "web");
  assert.deepEqual(r.conversation.tags, { runtime });
  assert.deepEqual(r.conversationAgain, { id: r.conversation.id, created: false }, "second call finds the same conversation");

  assert.match(r.message.id, MSG_ID);
  assert.equal(r.message.created, true, "first getOrCreateMessage creates");
  assert.equal(r.message.conversationId, r.conversation.id);
  assert.equal(r.message.type, "text");
  assert.deepEqual(r.message.payload, { text: "hello from " + runtime });
  assert.deepEqual(r.messageAgain, { id: r.message.id, created: false }, "second call finds the same message");

  assert.equal(r.validation.validIssues, 0, "the sent body is valid");
  assert.deepEqual(r.validation.invalidPaths, ["payload.text"], "an empty text payload is reported at payload.text");

  assert.ok(r.invalid, "a bad body must reject");
  assert.equal(r.invalid.isValidationError, true, `rejects with the package's ValidationError class, got ${JSON.stringify(r.invalid)}`);
  assert.equal(r.invalid.isBotpressError, true);
  assert.equal(r.invalid.name, "ValidationError");
  assert.equal(r.invalid.code, "invalid_request");
  assert.deepEqual(r.invalid.paths, ["userId"]);

  assert.ok(r.notFound, "a message on an unknown conversation must reject");
  assert.equal(r.notFound.isApiError, true, `rejects with the package's ApiError class, got ${JSON.stringify(r.notFound)}`);
  assert.equal(r.notFound.isBotpressError, true);
  assert.equal(r.notFound.name, "ApiError");
  assert.equal(r.notFound.code, "api");
  assert.equal(r.notFound.status, 404);
  assert.equal(r.notFound.type, "ResourceNotFound");

  // Bodies read through the runtime's own streams: whole, in order, and never past the cap.
  const whole = (bytes) => ({ length: bytes - BASE_ANSWER_BYTES - 1, last: "é!" });
  const tooLarge = { code: "invalid_response", issue: "too_large" };
  const b = r.bodies;
  for (const n of [1000, 65536, 65537, 200000]) assert.deepEqual(b["bytes" + n], whole(n), `a ${n}-byte answer in ${runtime}`);
  assert.deepEqual(b.atCap, whole(5000), `an answer of exactly maxResponseBytes in ${runtime}`);
  for (const k of ["overCap", "overCapLarge", "jsByteStreamOverCap"]) {
    assert.deepEqual({ code: b[k].code, issue: b[k].issue }, tooLarge, `${k} in ${runtime}: ${JSON.stringify(b[k])}`);
  }
  assert.deepEqual(b.bom, whole(1000), `a BOM before the JSON is dropped in ${runtime}`);
  assert.deepEqual(b.jsStream, whole(70000), `a JS stream in 7-byte chunks in ${runtime}`);
  assert.deepEqual(b.jsByteStream, whole(70000), `a JS byte stream in ${runtime}`);

  // The emulator saw exactly these calls, with this runtime's credentials and bodies.
  const log = await emu.requests();
  assert.deepEqual(
    log.map((q) => [q.method, q.path]),
    [
      ["POST", CONV_PATH],
      ["POST", CONV_PATH],
      ["POST", MSG_PATH],
      ["POST", MSG_PATH],
      ["POST", MSG_PATH],
    ],
  );
  for (const q of log) {
    assert.equal(q.headers.authorization, "Bearer " + TOKEN);
    assert.equal(q.headers["x-bot-id"], "bot_" + runtime);
    assert.match(q.headers["content-type"], /^application\/json/);
  }
  assert.deepEqual(JSON.parse(log[0].body), { channel: "web", tags: { runtime } });
  const sent = JSON.parse(log[2].body);
  assert.equal(sent.conversationId, r.conversation.id);
  assert.equal(sent.userId, USER_ID);
  assert.equal(JSON.parse(log[4].body).conversationId, UNKNOWN_CONVERSATION);
  const stats = await emu.stats();
  assert.equal(stats.conversations, 1);
  assert.equal(stats.messages, 1);
  return log;
}
