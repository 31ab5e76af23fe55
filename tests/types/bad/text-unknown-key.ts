// expect: TS2353
// A key no known payload has is an error inside a known type.
import { Client } from "botpress-chat-wasm";

const client = new Client({ token: "t", botId: "b" });
const ids = { userId: "user_01HF58RDKE3M7K5RJ5XZ7GF6HE", conversationId: "conv_01HF58RDKE3M7K5RJ5XZ7GF6HE" };

await client.getOrCreateMessage({ type: "text", payload: { text: "x", body: "y" }, ...ids, tags: {} });
