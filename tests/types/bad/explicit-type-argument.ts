// expect: TS2353
// An explicit known type argument selects that payload.
import { getOrCreateMessage } from "botpress-chat-wasm";

await getOrCreateMessage<"choice">(
  { token: "t", botId: "b" },
  {
    type: "choice",
    payload: { text: "pick", options: [], blocks: [] },
    userId: "user_01HF58RDKE3M7K5RJ5XZ7GF6HE",
    conversationId: "conv_01HF58RDKE3M7K5RJ5XZ7GF6HE",
    tags: {},
  },
);
