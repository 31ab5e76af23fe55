// Cloudflare Workers (workerd, wrangler, miniflare): importing a .wasm gives a compiled
// WebAssembly.Module, instantiated synchronously at module load.
import { initSync, __registerErrorClasses } from "../botpress_chat_wasm.js";
import { errorClasses } from "../errors.js";
import wasmModule from "../botpress_chat_wasm_bg.wasm";
initSync({ module: wasmModule });
__registerErrorClasses(errorClasses);
export { Client, getOrCreateConversation, getOrCreateMessage, validateGetOrCreateConversation, validateGetOrCreateMessage } from "../botpress_chat_wasm.js";
export { BotpressError, ValidationError, ApiError, NetworkError, TimeoutError, AbortError, InvalidResponseError } from "../errors.js";
