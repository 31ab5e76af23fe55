// expect: TS2322
// A switch that forgets a known type fails its exhaustiveness check.
import type { GetOrCreateMessageInput } from "botpress-chat-wasm";

export function kind(m: GetOrCreateMessageInput): string {
  switch (m.type) {
    case "text":
    case "image":
    case "audio":
    case "video":
    case "file":
    case "location":
    case "card":
    case "carousel":
    case "choice":
    case "dropdown":
    case "bloc":
      return m.type;
    default: {
      const unreachable: never = m;
      return unreachable;
    }
  }
}
