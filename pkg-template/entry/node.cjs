"use strict";
// Node (require) and Bun: wasm-bindgen's nodejs glue instantiates the wasm synchronously, from
// the .wasm beside it. A server bundler that moves the glue away from that file (Next.js
// bundling a client component for its server render) must not make the import throw: as in the
// browser entry, `ready` then rejects with an Error naming the path tried, and every call fails
// with it (see load.js).
const errors = require("../errors.cjs");
const { loadError, readyFor, surface } = require("./load.cjs");

let glue;
let failure;
try {
  glue = require("../botpress_chat_wasm.cjs");
  glue.__registerErrorClasses(errors.errorClasses);
} catch (cause) {
  failure = loadError(require("node:path").join(__dirname, "..", "botpress_chat_wasm_bg.wasm"), cause);
}

const ready = readyFor(failure);
const { Client, getOrCreateConversation, getOrCreateMessage, validateGetOrCreateConversation, validateGetOrCreateMessage } = surface(glue, failure, errors.errorClasses);
const { BotpressError, ValidationError, ApiError, NetworkError, TimeoutError, AbortError, InvalidResponseError, InternalError } = errors;
module.exports = { ready, Client, getOrCreateConversation, getOrCreateMessage, validateGetOrCreateConversation, validateGetOrCreateMessage, BotpressError, ValidationError, ApiError, NetworkError, TimeoutError, AbortError, InvalidResponseError, InternalError };
