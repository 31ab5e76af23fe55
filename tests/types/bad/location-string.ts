// expect: TS2322
// Coordinates are numbers.
import { Client } from "botpress-chat-wasm";

const client = new Client({ token: "t", botId: "b" });
const ids = { userId: "user_01HF58RDKE3M7K5RJ5XZ7GF6HE", conversationId: "conv_01HF58RDKE3M7K5RJ5XZ7GF6HE" };

await client.getOrCreateMessage({ type: "location", payload: { latitude: "45.5", longitude: -73.6 }, ...ids, tags: {} });
