// expect: TS2367
// ValidationIssue.code is a closed set of codes.
import { validateGetOrCreateMessage } from "botpress-chat-wasm";

export const tooBig = validateGetOrCreateMessage({}).filter((i) => i.code === "too_big");
