// expect: TS2339
// switch (e.code) narrows the error: a timeout has no status.
import { BotpressError } from "botpress-chat-wasm";

export function status(e: unknown): number {
  if (e instanceof BotpressError) {
    switch (e.code) {
      case "timeout":
        return e.status;
    }
  }
  return 0;
}
