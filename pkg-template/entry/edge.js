// Next.js's edge runtime (the `edge-light` condition): Next imports a `.wasm?module` as a compiled
// WebAssembly.Module. That module comes from another realm than this code (Next's edge sandbox),
// so wasm-bindgen's initSync, which checks `instanceof WebAssembly.Module`, would try to compile
// it again and throw; the async init hands it to WebAssembly.instantiate, which accepts it.
import init, * as glue from "../botpress_chat_wasm.js";
import { errorClasses } from "../errors.js";
import { loadError, readyFor, surface } from "./load.js";
import wasmModule from "../botpress_chat_wasm_bg.wasm?module";

let failure;
try {
  await init({ module_or_path: wasmModule });
  glue.__registerErrorClasses(errorClasses);
} catch (cause) {
  failure = loadError("botpress_chat_wasm_bg.wasm?module (imported module)", cause);
}

export const ready = readyFor(failure);
export const { Client, getOrCreateConversation, getOrCreateMessage, validateGetOrCreateConversation, validateGetOrCreateMessage } = surface(glue, failure, errorClasses);
export { BotpressError, ValidationError, ApiError, NetworkError, TimeoutError, AbortError, InvalidResponseError, InternalError } from "../errors.js";
