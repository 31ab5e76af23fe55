"use strict";
// Node (require) and Bun: wasm-bindgen's nodejs glue instantiates the wasm synchronously.
const glue = require("../botpress_chat_wasm.cjs");
const errors = require("../errors.cjs");
glue.__registerErrorClasses(errors.errorClasses);
const { Client, getOrCreateConversation, getOrCreateMessage, validateGetOrCreateConversation, validateGetOrCreateMessage } = glue;
const { BotpressError, ValidationError, ApiError, NetworkError, TimeoutError, AbortError, InvalidResponseError } = errors;
// The wasm is instantiated synchronously by the require above, so it is ready here.
const ready = Promise.resolve();
module.exports = { ready, Client, getOrCreateConversation, getOrCreateMessage, validateGetOrCreateConversation, validateGetOrCreateMessage, BotpressError, ValidationError, ApiError, NetworkError, TimeoutError, AbortError, InvalidResponseError };
