// expect: TS2367
// ApiError.type is one of the API's error types.
import { ApiError } from "botpress-chat-wasm";

export function notFound(e: unknown): boolean {
  return e instanceof ApiError && e.type === "NotFound";
}
