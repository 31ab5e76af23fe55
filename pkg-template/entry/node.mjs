// Node (import): the same instance as require() gets, so errors and clients are shared.
import m from "./node.cjs";
export const { ready, Client, getOrCreateConversation, getOrCreateMessage, validateGetOrCreateConversation, validateGetOrCreateMessage, BotpressError, ValidationError, ApiError, NetworkError, TimeoutError, AbortError, InvalidResponseError, InternalError } = m;
