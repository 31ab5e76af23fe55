// expect: TS2554
// The one-shot functions take the client options first.
import { getOrCreateMessage } from "botpress-chat-wasm";

await getOrCreateMessage({
  type: "text",
  payload: { text: "hi" },
  userId: "user_01HF58RDKE3M7K5RJ5XZ7GF6HE",
  conversationId: "conv_01HF58RDKE3M7K5RJ5XZ7GF6HE",
  tags: {},
});
