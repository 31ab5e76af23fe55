// expect: TS2322
// A card action is postback, url or say.
import { Client } from "botpress-chat-wasm";

const client = new Client({ token: "t", botId: "b" });
const ids = { userId: "user_01HF58RDKE3M7K5RJ5XZ7GF6HE", conversationId: "conv_01HF58RDKE3M7K5RJ5XZ7GF6HE" };

await client.getOrCreateMessage({
  type: "card",
  payload: { title: "t", actions: [{ action: "link", label: "l", value: "v" }] },
  ...ids,
  tags: {},
});
