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
  };
}

/** Runs `scenario` and always yields one JSON-able value: the result or the failure. */
export async function settle(pkg, baseUrl, runtime) {
  try {
    return { ok: true, result: await scenario(pkg, baseUrl, runtime) };
  } catch (e) {
    return { ok: false, error: errorView(e), stack: String(e?.stack) };
  }
}
