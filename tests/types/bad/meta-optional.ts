// expect: TS18048
// meta is only sent by newer API revisions.
import { Client } from "botpress-chat-wasm";

const client = new Client({ token: "t", botId: "b" });
const out = await client.getOrCreateConversation({ channel: "c", tags: {} });
export const created: boolean = out.meta.created;
