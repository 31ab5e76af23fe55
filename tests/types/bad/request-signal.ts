// expect: TS2322
// RequestOptions.signal is an AbortSignal.
import { Client } from "botpress-chat-wasm";

const client = new Client({ token: "t", botId: "b" });
await client.getOrCreateConversation({ channel: "c", tags: {} }, { signal: "stop" });
