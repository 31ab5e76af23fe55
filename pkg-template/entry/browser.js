// Browsers, bundlers and the default: the web glue, initialised with top-level await, so no
// init() call is needed. The .wasm URL comes from ../wasm-url.js (why there: see that file). A
// failed load is caught (see load.js): `await ready` tells.
import init, * as glue from "../botpress_chat_wasm.js";
import { errorClasses } from "../errors.js";
import { loadError, readyFor, surface } from "./load.js";
import { wasmUrl as url } from "../wasm-url.js";

let failure;
try {
  await init({ module_or_path: url });
  glue.__registerErrorClasses(errorClasses);
} catch (cause) {
  failure = loadError(url, cause);
}

export const ready = readyFor(failure);
export const { Client, getOrCreateConversation, getOrCreateMessage, validateGetOrCreateConversation, validateGetOrCreateMessage } = surface(glue, failure, errorClasses);
export { BotpressError, ValidationError, ApiError, NetworkError, TimeoutError, AbortError, InvalidResponseError, InternalError } from "../errors.js";
