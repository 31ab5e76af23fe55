// expect: TS2322 TS2353
// A bloc holds text, image, audio, video, file, location and markdown items only.
import { Client } from "botpress-chat-wasm";

const client = new Client({ token: "t", botId: "b" });
const ids = { userId: "user_01HF58RDKE3M7K5RJ5XZ7GF6HE", conversationId: "conv_01HF58RDKE3M7K5RJ5XZ7GF6HE" };

await client.getOrCreateMessage({
  type: "bloc",
  payload: { items: [{ type: "card", payload: { title: "t", actions: [] } }] },
  ...ids,
  tags: {},
});
