// An integration whose channels accept `metadata` on every payload declares it once, by
// augmenting PayloadExtensions; object literals then type-check with it (and still reject typos).
import { Client } from "botpress-chat-wasm";
import type { CardAction, TextPayload } from "botpress-chat-wasm";

declare module "botpress-chat-wasm" {
  interface PayloadExtensions {
    metadata?: Record<string, unknown>;
  }
}

const client = new Client({ token: "t", botId: "b" });
const ids = { userId: "user_01HF58RDKE3M7K5RJ5XZ7GF6HE", conversationId: "conv_01HF58RDKE3M7K5RJ5XZ7GF6HE" };

export async function send(): Promise<void> {
  await client.getOrCreateMessage({ type: "text", payload: { text: "hi", metadata: { source: "crm" } }, ...ids, tags: {} });
  await client.getOrCreateMessage({
    type: "card",
    payload: { title: "t", actions: [{ action: "url", label: "l", value: "https://x", metadata: {} }], metadata: { id: 1 } },
    ...ids,
    tags: {},
  });
  const p: TextPayload = { text: "x", metadata: {} };
  const a: CardAction = { action: "say", label: "l", value: "v" };
  console.log(p.metadata, a.metadata);
}
