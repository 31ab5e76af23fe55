// expect: TS2322
// The only origin is "synthetic".
import { Client } from "botpress-chat-wasm";

const client = new Client({ token: "t", botId: "b" });
const ids = { userId: "user_01HF58RDKE3M7K5RJ5XZ7GF6HE", conversationId: "conv_01HF58RDKE3M7K5RJ5XZ7GF6HE" };

await client.getOrCreateMessage({ type: "text", payload: { text: "hi" }, ...ids, tags: {}, origin: "real" });
