// Cloudflare Workers (workerd, wrangler, miniflare): importing a .wasm gives a compiled
// WebAssembly.Module, instantiated synchronously at module load.
import * as glue from "../botpress_chat_wasm.js";
import { errorClasses } from "../errors.js";
import { loadError, readyFor, surface } from "./load.js";
import wasmModule from "../botpress_chat_wasm_bg.wasm";

let failure;
try {
  glue.initSync({ module: wasmModule });
  glue.__registerErrorClasses(errorClasses);
} catch (cause) {
  failure = loadError("botpress_chat_wasm_bg.wasm (imported module)", cause);
}

export const ready = readyFor(failure);
export const { Client, getOrCreateConversation, getOrCreateMessage, validateGetOrCreateConversation, validateGetOrCreateMessage } = surface(glue, failure, errorClasses);
export { BotpressError, ValidationError, ApiError, NetworkError, TimeoutError, AbortError, InvalidResponseError, InternalError } from "../errors.js";
