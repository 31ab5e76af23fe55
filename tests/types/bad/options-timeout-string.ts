// expect: TS2322
// timeoutMs is a number.
import { getOrCreateConversation } from "botpress-chat-wasm";

await getOrCreateConversation({ token: "t", botId: "b", timeoutMs: "60s" }, { channel: "c", tags: {} });
