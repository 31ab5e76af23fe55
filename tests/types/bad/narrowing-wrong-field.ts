// expect: TS2339
// After narrowing on type, only that payload's fields exist.
import type { GetOrCreateMessageInput } from "botpress-chat-wasm";

export function preview(m: GetOrCreateMessageInput): string {
  if (m.type === "image") return m.payload.text;
  return "";
}
