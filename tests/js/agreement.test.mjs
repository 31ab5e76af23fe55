// The client's validation and the emulator's agree on a corpus of bodies: valid ones, and one
// of every rule broken. The emulator checks bodies against the official JSON Schemas with an
// independent validator (tests/emulator/src/schema.rs, boon), so a bug in the client's rules
// shows up here as a disagreement instead of passing on both sides.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Client, validateGetOrCreateConversation, validateGetOrCreateMessage } from "botpress-chat-wasm";
import { startEmulator } from "./helpers/emulator.mjs";
import { USER_ID } from "./helpers/util.mjs";

let emu;
let conversationId;
before(async () => {
  emu = await startEmulator();
  const c = new Client({ token: "sk_agreement_0123", botId: "bot_agree", baseUrl: emu.url });
  conversationId = (await c.getOrCreateConversation({ channel: "web", tags: { agree: "1" } })).conversation.id;
});
after(() => emu?.stop());

/** The emulator's verdict on a raw body: true when it accepts it (200). */
async function accepted(path, text) {
  const res = await fetch(`${emu.url}${path}`, {
    method: "POST",
    headers: { authorization: "Bearer sk_agreement_0123", "x-bot-id": "bot_agree", "content-type": "application/json" },
    body: text,
  });
  const body = await res.text();
  assert.ok(res.status === 200 || res.status === 400, `${res.status} ${body}`);
  return { ok: res.status === 200, body };
}

const long = (n, c = "x") => c.repeat(n);
const conv = (extra = {}) => ({ channel: "web", tags: { a: "1" }, ...extra });

const CONVERSATIONS = [
  conv(),
  conv({ tags: {} }),
  conv({ tags: { gone: null, empty: "" } }),
  conv({ channel: long(200) }),
  conv({ channel: long(201) }),
  conv({ channel: long(200, "😀") }),
  conv({ channel: long(201, "😀") }),
  conv({ tags: { t: long(500) } }),
  conv({ tags: { t: long(501) } }),
  conv({ tags: { t: 1 } }),
  conv({ integrationName: "telegram" }),
  conv({ integrationName: long(201) }),
  conv({ discriminateByTags: ["a"] }),
  conv({ discriminateByTags: [1] }),
  conv({ discriminateByTags: [long(501)] }),
  conv({ properties: { p: "v", q: null } }),
  conv({ properties: { p: 1 } }),
  conv({ unknown: 1 }),
  { tags: {} },
  { channel: "web" },
  { channel: 1, tags: {} },
  { channel: "web", tags: [] },
  [],
  "text",
  null,
];

function messages() {
  const msg = (extra = {}) => ({ type: "text", payload: { text: "hi" }, userId: USER_ID, conversationId, tags: {}, ...extra });
  const item = (type, payload) => ({ type, payload });
  return [
    msg(),
    msg({ payload: { text: "hi", metadata: { any: [1] } } }),
    msg({ payload: {} }),
    msg({ payload: { text: "" } }),
    msg({ payload: { text: 1 } }),
    msg({ payload: "text" }),
    msg({ userId: long(27) }),
    msg({ userId: long(37) }),
    msg({ conversationId: 5 }),
    msg({ type: long(201) }),
    msg({ tags: { t: null } }),
    msg({ tags: { t: long(501) } }),
    msg({ origin: "synthetic" }),
    msg({ origin: "real" }),
    msg({ schedule: { delay: 1000 } }),
    msg({ schedule: { dateTime: "2026-01-01T00:00:00.000Z" } }),
    msg({ schedule: { dateTime: "2026-01-01T00:00:00.000+02:00" } }),
    msg({ schedule: { dateTime: "2026-13-01T00:00:00.000Z" } }),
    msg({ schedule: { dateTime: "2026-01-01" } }),
    ...["2026-01-01T12:00:60.000Z", "2026-12-31T23:59:60.000Z", "2026-02-30T00:00:00.000Z", "2026-01-01t00:00:00.000z", "2026-01-01 00:00:00.000Z", "2026-01-01T00:00:00.000000Z", "2026-01-01T24:00:00.000Z"].map((dateTime) => msg({ schedule: { dateTime } })),
    msg({ schedule: {} }),
    msg({ schedule: { delay: "5" } }),
    msg({ schedule: { delay: 5, extra: 1 } }),
    msg({ discriminateByTags: ["a", "b"] }),
    msg({ unknown: true }),
    msg({ type: "image", payload: { imageUrl: "https://x/i.png", title: "t" } }),
    msg({ type: "image", payload: { title: "t" } }),
    msg({ type: "audio", payload: { audioUrl: "https://x/a.mp3" } }),
    msg({ type: "video", payload: { videoUrl: "" } }),
    msg({ type: "file", payload: { fileUrl: "https://x/f.pdf" } }),
    msg({ type: "location", payload: { latitude: 1.5, longitude: -2 } }),
    msg({ type: "location", payload: { latitude: "1", longitude: 2 } }),
    msg({ type: "card", payload: { title: "t", actions: [{ action: "url", label: "l", value: "https://x" }] } }),
    msg({ type: "card", payload: { title: "t", actions: [{ action: "open", label: "l", value: "v" }] } }),
    msg({ type: "card", payload: { title: "t" } }),
    msg({ type: "carousel", payload: { items: [{ title: "t", actions: [] }] } }),
    msg({ type: "carousel", payload: { items: [{ actions: [] }] } }),
    msg({ type: "choice", payload: { text: "pick", options: [{ label: "a", value: "a" }] } }),
    msg({ type: "choice", payload: { text: "pick", options: [{ label: "a" }] } }),
    msg({ type: "dropdown", payload: { text: "pick", options: [] } }),
    msg({ type: "bloc", payload: { items: [item("text", { text: "a" }), item("location", { latitude: 1, longitude: 2 })] } }),
    msg({ type: "bloc", payload: { items: [item("markdown", { markdown: "*a*" })] } }),
    msg({ type: "bloc", payload: { items: [item("card", { title: "t", actions: [] })] } }),
    msg({ type: "bloc", payload: { items: [item("text", {})] } }),
    msg({ type: "markdown", payload: { markdown: "*a*" } }),
    msg({ type: "markdown", payload: {} }),
    msg({ type: "my-integration:thing", payload: { anything: [1, { goes: true }] } }),
    msg({ type: "my-integration:thing", payload: [] }),
    { payload: { text: "x" }, userId: USER_ID, conversationId, tags: {} },
  ];
}

async function agree(path, validate, bodies) {
  const disagreements = [];
  for (const body of bodies) {
    const text = JSON.stringify(body);
    const issues = validate(body);
    const server = await accepted(path, text);
    if ((issues.length === 0) !== server.ok) {
      disagreements.push(`${text.slice(0, 160)}\n    client: ${JSON.stringify(issues.map((i) => `${i.path} ${i.code}`))}\n    emulator: ${server.ok ? "200" : server.body.slice(0, 200)}`);
    }
  }
  assert.deepEqual(disagreements, [], `client and emulator disagree:\n  ${disagreements.join("\n  ")}`);
}

test("getOrCreateConversation: the client's validation and the emulator's JSON Schema check agree", async () => {
  await agree("/v1/chat/conversations/get-or-create", validateGetOrCreateConversation, CONVERSATIONS);
});

test("getOrCreateMessage: the client's validation and the emulator's JSON Schema check agree", async () => {
  await agree("/v1/chat/messages/get-or-create", validateGetOrCreateMessage, messages());
});
