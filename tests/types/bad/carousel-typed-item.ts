// expect: TS2353
// Carousel items are cards without a "type" (the Chat API shape is not this one).
import { Client } from "botpress-chat-wasm";

const client = new Client({ token: "t", botId: "b" });
const ids = { userId: "user_01HF58RDKE3M7K5RJ5XZ7GF6HE", conversationId: "conv_01HF58RDKE3M7K5RJ5XZ7GF6HE" };

await client.getOrCreateMessage({
  type: "carousel",
  payload: { items: [{ type: "card", title: "t", actions: [] }] },
  ...ids,
  tags: {},
});
