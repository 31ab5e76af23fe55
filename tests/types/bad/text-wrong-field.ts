// expect: TS2561
// A misspelt payload key of a known type is an error, not a custom message.
import { Client } from "botpress-chat-wasm";

const client = new Client({ token: "t", botId: "b" });
await client.getOrCreateMessage({
  type: "text",
  payload: { txt: "x" },
  userId: "user_01HF58RDKE3M7K5RJ5XZ7GF6HE",
  conversationId: "conv_01HF58RDKE3M7K5RJ5XZ7GF6HE",
  tags: {},
});
