// expect: TS2741
// ClientOptions.token is required.
import { Client } from "botpress-chat-wasm";

new Client({ botId: "bot_01HF58RDKE3M7K5RJ5XZ7GF6HE" });
