// Shared inputs of the bench: the credentials, the two request bodies, the canned server
// responses, the fake transports and small statistics helpers. Every contender gets exactly
// these values, so the comparisons are like for like.

export const TOKEN = "bench_token_0123456789abcdefABCDEF";
export const BOT_ID = "bot_01HZY0000000000000000000BENCH";
export const USER_ID = "user_01HZY0000000000000000000AB";
export const CONVERSATION_ID = "conv_01HZY0000000000000000000AB";
export const MESSAGE_ID = "msg_01HZY0000000000000000000AB";
export const MESSAGE_PATH = "/v1/chat/messages/get-or-create";
export const CONVERSATION_PATH = "/v1/chat/conversations/get-or-create";

/** The headers every contender sends (what this package and @botpress/client both set). */
export const HEADERS = {
  authorization: `Bearer ${TOKEN}`,
  "x-bot-id": BOT_ID,
  "content-type": "application/json",
};

/** A typical chat message. */
export const textBody = {
  type: "text",
  payload: { text: "Hello! Could you tell me the opening hours of the Montreal store this weekend?" },
  userId: USER_ID,
  conversationId: CONVERSATION_ID,
  tags: {},
};

/** A carousel of 10 cards with 3 actions each (one of each action kind). */
export const carouselBody = {
  type: "carousel",
  payload: {
    items: Array.from({ length: 10 }, (_, i) => ({
      title: `Product ${i + 1}`,
      subtitle: `A short description of product number ${i + 1}, in stock`,
      imageUrl: `https://cdn.example.com/products/${i + 1}/thumbnail.png`,
      actions: [
        { action: "postback", label: "Buy now", value: `buy:${i + 1}` },
        { action: "url", label: "Details", value: `https://shop.example.com/p/${i + 1}` },
        { action: "say", label: "Ask about it", value: `Tell me more about product ${i + 1}` },
      ],
    })),
  },
  userId: USER_ID,
  conversationId: CONVERSATION_ID,
  tags: {},
};

const STAMP = "2026-01-15T10:20:30.123Z";

/** The API's answer to getOrCreateMessage for `body`: the stored message, echoing the payload. */
export function messageResponseText(body) {
  return JSON.stringify({
    message: {
      id: MESSAGE_ID,
      createdAt: STAMP,
      updatedAt: STAMP,
      type: body.type,
      payload: body.payload,
      direction: "incoming",
      userId: body.userId,
      conversationId: body.conversationId,
      tags: body.tags,
    },
    meta: { created: false },
  });
}

export const conversationResponseText = JSON.stringify({
  conversation: {
    id: CONVERSATION_ID,
    createdAt: STAMP,
    updatedAt: STAMP,
    channel: "web",
    integration: "webchat",
    tags: {},
  },
  meta: { created: false },
});

/** A fetch that answers every request with `text`, building a new Response per call. */
export function cannedFetch(text) {
  return async (_url, _init) => new Response(text, { status: 200, headers: { "content-type": "application/json" } });
}

/** An axios adapter for @botpress/client that answers with `text` (axios then JSON-parses it). */
export function cannedAxiosAdapter(text) {
  return async (config) => ({
    data: text,
    status: 200,
    statusText: "OK",
    headers: { "content-type": "application/json" },
    config,
    request: {},
  });
}

/** Points an @botpress/client Client at a canned answer instead of the network. */
export function useCannedAdapter(officialClient, text) {
  officialClient.axiosInstance.defaults.adapter = cannedAxiosAdapter(text);
  return officialClient;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function summary(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return { median: median(s), min: s[0], max: s[s.length - 1], samples: xs };
}

/** Node's global fetch is undici's; its default global dispatcher is a keep-alive Agent. */
export const FETCH_TRANSPORT = "Node global fetch (undici default global Agent, keep-alive)";
