// The error classes of botpress-chat-wasm. Real classes, so `instanceof` works and stacks
// are kept; each has a stable `code`. The wasm side builds them through
// `__registerErrorClasses`, passing `(message, fields)`.

/** Base class of every error this package throws or rejects with. */
export class BotpressError extends Error {
  constructor(message, fields) {
    super(message, fields && "cause" in fields ? { cause: fields.cause } : undefined);
    if (fields) {
      for (const key of Object.keys(fields)) {
        if (key !== "cause") this[key] = fields[key];
      }
    }
  }
}

function define(name, code) {
  const cls = class extends BotpressError {};
  Object.defineProperty(cls, "name", { value: name });
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
  Object.defineProperty(cls.prototype, "code", { value: code, writable: true, configurable: true });
  return cls;
}

Object.defineProperty(BotpressError.prototype, "name", { value: "BotpressError", writable: true, configurable: true });
// The class keeps its name when the browser entry is minified.
Object.defineProperty(BotpressError, "name", { value: "BotpressError" });

/** The body or the options break the rules; nothing was sent. */
export const ValidationError = define("ValidationError", "invalid_request");
/** The server answered non-2xx. */
export const ApiError = define("ApiError", "api");
/** fetch itself failed. */
export const NetworkError = define("NetworkError", "network");
/** An attempt ran past timeoutMs. */
export const TimeoutError = define("TimeoutError", "timeout");
/** The caller's signal fired. */
export const AbortError = define("AbortError", "aborted");
/** 2xx, but the body is not JSON or not the documented shape. */
export const InvalidResponseError = define("InvalidResponseError", "invalid_response");
/** The WebAssembly instance failed during the call (a bug); later calls use a fresh instance. */
export const InternalError = define("InternalError", "internal");

export const errorClasses = {
  BotpressError,
  ValidationError,
  ApiError,
  NetworkError,
  TimeoutError,
  AbortError,
  InvalidResponseError,
  InternalError,
};
