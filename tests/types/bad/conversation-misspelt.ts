// expect: TS2561
// Unknown fields of the conversation body are errors.
import { Client } from "botpress-chat-wasm";

const client = new Client({ token: "t", botId: "b" });
const ids = { userId: "user_01HF58RDKE3M7K5RJ5XZ7GF6HE", conversationId: "conv_01HF58RDKE3M7K5RJ5XZ7GF6HE" };

await client.getOrCreateConversation({ chanel: "c", tags: {} });
