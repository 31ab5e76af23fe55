// Browsers, bundlers and the default: the web glue, initialised here with top-level await
// (the .wasm next to this file is fetched through new URL(…, import.meta.url)).
import init, { __registerErrorClasses } from "../botpress_chat_wasm.js";
import { errorClasses } from "../errors.js";
await init({ module_or_path: new URL("../botpress_chat_wasm_bg.wasm", import.meta.url) });
__registerErrorClasses(errorClasses);
export { Client, getOrCreateConversation, getOrCreateMessage, validateGetOrCreateConversation, validateGetOrCreateMessage } from "../botpress_chat_wasm.js";
export { BotpressError, ValidationError, ApiError, NetworkError, TimeoutError, AbortError, InvalidResponseError } from "../errors.js";
