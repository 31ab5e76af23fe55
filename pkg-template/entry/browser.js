// Browsers, bundlers and the default: the web glue, initialised with top-level await. init()
// fetches the glue's new URL("…_bg.wasm", import.meta.url): beside the glue, or the bundle.
import init, { __registerErrorClasses } from "../botpress_chat_wasm.js";
import { errorClasses } from "../errors.js";
await init();
__registerErrorClasses(errorClasses);
export { Client, getOrCreateConversation, getOrCreateMessage, validateGetOrCreateConversation, validateGetOrCreateMessage } from "../botpress_chat_wasm.js";
export { BotpressError, ValidationError, ApiError, NetworkError, TimeoutError, AbortError, InvalidResponseError } from "../errors.js";
