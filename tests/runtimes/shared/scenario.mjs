// The calls every runtime makes, against the emulator, through the package it was handed
// (the runtime's own `import … from "botpress-chat-wasm"`). Returns plain JSON, so each
// runtime can print it and the Node-side test checks it with helpers/expect.mjs.
//
// Nothing here imports the package: the caller passes the names it imported, so the entry
// under test is the one the runtime's resolution picked.

/** 30 characters: userId must be 28 to 36. */
export const USER_ID = "user_01HZY0000000000000000000RT";
/** A conversation id of the right shape that the emulator never issued. */
export const UNKNOWN_CONVERSATION = "conv_00000000000000000000000000";
export const TOKEN = "bp_pat_runtime_matrix";

function errorView(e) {
  return {
    name: e?.name,
    code: e?.code,
    status: e?.status ?? null, // null, not undefined: the result must survive JSON
    type: e?.type ?? null,
    message: String(e?.message),
  };
}

/**
 * @param {{ ready: Promise<void>, Client: any, validateGetOrCreateMessage: any, ApiError: any, ValidationError: any, BotpressError: any }} pkg
 * @param {string} baseUrl the emulator
 * @param {string} runtime a short name, used as the bot id and a tag
 */
export async function scenario(pkg, baseUrl, runtime) {
  const { Client, validateGetOrCreateMessage, ApiError, ValidationError, BotpressError } = pkg;
  // Every entry exports `ready`; it resolves once the wasm is loaded.
  const ready = await pkg.ready.then(() => "resolved");
  const client = new Client({ token: TOKEN, botId: "bot_" + runtime, baseUrl });
  const convBody = { channel: "web", tags: { runtime } };
  const conv = await client.getOrCreateConversation(convBody);
  const convAgain = await client.getOrCreateConversation(convBody);

  const msgBody = {
    type: "text",
    payload: { text: "hello from " + runtime },
    userId: USER_ID,
    conversationId: conv.conversation.id,
    tags: { ext: runtime + "-1" },
  };
  const validIssues = validateGetOrCreateMessage(msgBody);
  const invalidIssues = validateGetOrCreateMessage({ ...msgBody, payload: {} });
  const msg = await client.getOrCreateMessage(msgBody);
  const msgAgain = await client.getOrCreateMessage(msgBody);

  // A bad body rejects with ValidationError before anything is sent.
  let invalid = null;
  try {
    await client.getOrCreateMessage({ ...msgBody, userId: "user_short" });
  } catch (e) {
    invalid = {
      ...errorView(e),
      isValidationError: e instanceof ValidationError,
      isBotpressError: e instanceof BotpressError,
      paths: Array.isArray(e?.issues) ? e.issues.map((i) => i.path) : null,
    };
  }

  let notFound = null;
  try {
    await client.getOrCreateMessage({ ...msgBody, conversationId: UNKNOWN_CONVERSATION });
  } catch (e) {
    notFound = { ...errorView(e), isApiError: e instanceof ApiError, isBotpressError: e instanceof BotpressError };
  }
  client.free();
  const bodies = await readBodies(pkg);

  return {
    ready,
    conversation: {
      id: conv.conversation.id,
      created: conv.meta?.created,
      channel: conv.conversation.channel,
      tags: conv.conversation.tags,
    },
    conversationAgain: { id: convAgain.conversation.id, created: convAgain.meta?.created },
    message: {
      id: msg.message.id,
      created: msg.meta?.created,
      conversationId: msg.message.conversationId,
      type: msg.message.type,
      payload: msg.message.payload,
    },
    messageAgain: { id: msgAgain.message.id, created: msgAgain.meta?.created },
    validation: {
      validIssues: validIssues.length,
      invalidPaths: invalidIssues.map((i) => i.path),
    },
    invalid,
    notFound,
    bodies,
  };
}

/** A stored message as the API answers it, its text payload `text` long. */
function answer(text) {
  return JSON.stringify({
    message: {
      id: "msg_01HZY0000000000000000000AB",
      createdAt: "2026-01-15T10:20:30.123Z",
      updatedAt: "2026-01-15T10:20:30.123Z",
      conversationId: "conv_01HZY0000000000000000000AB",
      userId: USER_ID,
      type: "text",
      payload: { text },
      direction: "incoming",
      tags: {},
    },
    meta: { created: true },
  });
}

/**
 * Answers of every size read through each runtime's own streams (an injected fetch answering
 * with this runtime's Response): the package reads bodies chunk by chunk under
 * maxResponseBytes, and where the host can fill a buffer from a stream (workerd's
 * readAtLeast) in reads of up to 64 KiB. For each case, the payload text's length it got back,
 * or the error's code and first issue code.
 */
async function readBodies(pkg) {
  const { Client } = pkg;
  const body = { type: "text", payload: { text: "hi" }, userId: USER_ID, conversationId: UNKNOWN_CONVERSATION, tags: {} };
  const encoder = new TextEncoder();
  const call = async (make, maxResponseBytes) => {
    const client = new Client({ token: TOKEN, botId: "bot_bodies", fetch: async () => make(), maxRetries: 0, ...(maxResponseBytes ? { maxResponseBytes } : {}) });
    try {
      const out = await client.getOrCreateMessage(body);
      return { length: out.message.payload.text.length, last: out.message.payload.text.slice(-2) };
    } catch (e) {
      return { code: e?.code, issue: e?.issues?.[0]?.code ?? null, message: String(e?.message) };
    } finally {
      client.free();
    }
  };
  const response = (b) => new Response(b, { status: 200, headers: { "content-type": "application/json" } });
  // JSON text of exactly `bytes` bytes of UTF-8, its payload ending in "é!" (a two-byte character).
  const sized = (bytes) => {
    const base = answer("").length;
    return answer("x".repeat(bytes - base - 3) + "é!");
  };
  const stream = (text, size, type) => {
    const bytes = encoder.encode(text);
    let at = 0;
    return new ReadableStream({
      type,
      pull(c) {
        if (at >= bytes.length) {
          c.close();
          // A byte stream's pending BYOB read must be answered once closed.
          c.byobRequest?.respond(0);
          return;
        }
        c.enqueue(bytes.slice(at, at + size));
        at += size;
      },
    });
  };
  const out = {};
  for (const n of [1000, 65536, 65537, 200000]) out["bytes" + n] = await call(() => response(sized(n)));
  out.atCap = await call(() => response(sized(5000)), 5000);
  out.overCap = await call(() => response(sized(5001)), 5000);
  out.overCapLarge = await call(() => response(sized(200000)), 70000);
  out.bom = await call(() => response("\ufeff" + sized(1000)));
  out.jsStream = await call(() => response(stream(sized(70000), 7)));
  out.jsByteStream = await call(() => response(stream(sized(70000), 1000, "bytes")));
  out.jsByteStreamOverCap = await call(() => response(stream(sized(70000), 1000, "bytes")), 5000);
  return out;
}

/** Runs `scenario` and always yields one JSON-able value: the result or the failure. */
export async function settle(pkg, baseUrl, runtime) {
  try {
    return { ok: true, result: await scenario(pkg, baseUrl, runtime) };
  } catch (e) {
    return { ok: false, error: errorView(e), stack: String(e?.stack) };
  }
}
