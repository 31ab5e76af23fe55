// Deno: read the .wasm from disk (needs --allow-read for the package directory).
import * as glue from "../botpress_chat_wasm.js";
import { errorClasses } from "../errors.js";
import { loadError, readyFor, surface } from "./load.js";

const url = new URL("../botpress_chat_wasm_bg.wasm", import.meta.url);
let failure;
try {
  glue.initSync({ module: await Deno.readFile(url) });
  glue.__registerErrorClasses(errorClasses);
} catch (cause) {
  failure = loadError(url, cause);
}

export const ready = readyFor(failure);
export const { Client, getOrCreateConversation, getOrCreateMessage, validateGetOrCreateConversation, validateGetOrCreateMessage } = surface(glue, failure, errorClasses);
export { BotpressError, ValidationError, ApiError, NetworkError, TimeoutError, AbortError, InvalidResponseError, InternalError } from "../errors.js";
