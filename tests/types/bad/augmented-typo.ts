// expect: TS2561
// Augmenting PayloadExtensions adds keys; a misspelt one is still an error.
import { Client } from "botpress-chat-wasm";

declare module "botpress-chat-wasm" {
  interface PayloadExtensions {
    metadata?: Record<string, unknown>;
  }
}

const client = new Client({ token: "t", botId: "b" });
await client.getOrCreateMessage({
  type: "text",
  payload: { text: "hi", metdata: {} },
  userId: "user_01HF58RDKE3M7K5RJ5XZ7GF6HE",
  conversationId: "conv_01HF58RDKE3M7K5RJ5XZ7GF6HE",
  tags: {},
});
