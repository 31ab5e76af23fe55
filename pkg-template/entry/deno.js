// Deno: read the .wasm from disk (needs --allow-read for the package directory).
import { initSync, __registerErrorClasses } from "../botpress_chat_wasm.js";
import { errorClasses } from "../errors.js";
initSync({ module: await Deno.readFile(new URL("../botpress_chat_wasm_bg.wasm", import.meta.url)) });
__registerErrorClasses(errorClasses);
export { Client, getOrCreateConversation, getOrCreateMessage, validateGetOrCreateConversation, validateGetOrCreateMessage } from "../botpress_chat_wasm.js";
export { BotpressError, ValidationError, ApiError, NetworkError, TimeoutError, AbortError, InvalidResponseError } from "../errors.js";
