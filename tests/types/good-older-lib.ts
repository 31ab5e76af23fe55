// compilerOptions: {"target": "es2020", "lib": ["es2020", "dom"]}
// The typings compile (skipLibCheck off) for a consumer whose lib has no Symbol.dispose.
import { Client, getOrCreateMessage } from "botpress-chat-wasm";
import type { GetOrCreateMessageOutput } from "botpress-chat-wasm";

export async function send(): Promise<GetOrCreateMessageOutput> {
  const client = new Client({ token: "t", botId: "b" });
  try {
    return await client.getOrCreateMessage({
      type: "text",
      payload: { text: "hi" },
      userId: "user_01HF58RDKE3M7K5RJ5XZ7GF6HE",
      conversationId: "conv_01HF58RDKE3M7K5RJ5XZ7GF6HE",
      tags: {},
    });
  } finally {
    client.free();
  }
}

export const oneShot = getOrCreateMessage;
