//! The hand-written part of the package's `.d.ts`.
//!
//! Every `#[wasm_bindgen]` export is `skip_typescript`; this section declares the whole JS
//! surface (DESIGN.md §1) and the types a derive cannot express: the generic message input
//! whose object-literal `type` selects the payload shape, string-literal unions, and the
//! error classes. It refers to the types tsify generates from `crate::model`
//! (`KnownMessage`, `KnownMessageInput`, `TextPayload`, …).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_SURFACE: &'static str = r#"
/**
 * Keys an integration adds to a known payload (for example `metadata`). Empty, so a misspelt
 * key in an object literal is a type error; at run time extra keys are sent unchanged.
 * Declare the ones your integration accepts by augmentation:
 * ```ts
 * declare module "botpress-chat-wasm" {
 *   interface PayloadExtensions { metadata?: Record<string, unknown> }
 * }
 * ```
 */
export interface PayloadExtensions {}

/** The `dropdown` payload has the same shape as `choice`. */
export type DropdownPayload = ChoicePayload;

/** Tags of a request: values of at most 500 characters; `null` or `""` unsets a tag. */
export type TagsInput = Record<string, string | null>;

/** Tags of a stored conversation or message. */
export type Tags = Record<string, string>;

/** The message types whose payload shape this package knows. */
export type KnownMessageType = KnownMessage["type"];

/** The fields of a message input besides `type` and `payload`. */
export type MessageFields = Omit<KnownMessageInput, "type" | "payload">;

/**
 * A message of an integration-defined type (any `type` outside {@link KnownMessageType}):
 * its payload is any object.
 */
export type CustomMessageInput<T extends string = string> = MessageFields & {
  /** At most 200 characters. */
  type: T;
  payload: Record<string, unknown>;
};

/**
 * Body of `getOrCreateMessage`. `GetOrCreateMessageInput` (no argument) is the union of the
 * known types, discriminated by `type`; `GetOrCreateMessageInput<"text">` is the text message;
 * any other string gives a {@link CustomMessageInput}.
 */
export type GetOrCreateMessageInput<T extends string = KnownMessageType> = T extends KnownMessageType ? Extract<KnownMessageInput, { type: T }> : CustomMessageInput<T>;

/** Options of a {@link Client} and of the one-shot functions. */
export interface ClientOptions {
  /** Bot or integration token, sent as `Authorization: Bearer <token>`. Never appears in an error. */
  token: string;
  /** Sent as `x-bot-id`. */
  botId: string;
  /** Sent as `x-integration-id`. */
  integrationId?: string;
  /** Sent as `x-integration-alias`. */
  integrationAlias?: string;
  /**
   * Absolute URL of the API; `http:` only for loopback hosts.
   * @default "https://api.botpress.cloud"
   */
  baseUrl?: string;
  /**
   * Time limit of each attempt, in milliseconds; `0` for none.
   * @default 60000
   */
  timeoutMs?: number;
  /**
   * Retries after the first attempt, on network errors, timeouts, 408, 429, 500, 502, 503
   * and 504 (both operations are get-or-create, so a repeat is safe). At most 10.
   * @default 2
   */
  maxRetries?: number;
  /** Extra request headers; cannot override the authorization, bot and integration headers. */
  headers?: Record<string, string>;
  /**
   * The `fetch` to send requests with. Called as `fetch(url, init)` (`this` the global object)
   * with a fresh `init` per attempt: `{ method: "POST", headers, body, signal, redirect:
   * "manual" }`, `headers` a plain object, `body` the JSON text, `signal` the attempt's own.
   * It may answer with a `Response` or a Response-like object (`status`, `headers.get`, and a
   * `body` stream or `text()`).
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
  /**
   * The largest response body read, in bytes: an integer from 1 to 268435456 (256 MiB). It is
   * enforced while the body streams; a 2xx body past it rejects with an
   * {@link InvalidResponseError} (issue code `too_large`) and is not retried. Error bodies are
   * read up to 64 KiB (or this limit, when lower) for the {@link ApiError} message.
   * @default 8388608
   */
  maxResponseBytes?: number;
}

/** Per-call options; `timeoutMs` and `maxRetries` override the client's. */
export interface RequestOptions {
  /** Aborts the call (and any retry); the promise rejects with an {@link AbortError}. */
  signal?: AbortSignal;
  /** Time limit of each attempt, in milliseconds; `0` for none. */
  timeoutMs?: number;
  /** Retries after the first attempt. */
  maxRetries?: number;
}

/** What an issue is about. */
export type ValidationIssueCode = "required" | "unknown_field" | "type" | "too_long" | "too_short" | "enum" | "format" | "not_finite" | "too_deep" | "cycle" | "unreadable" | "header_value" | "reserved" | "range" | "empty" | "too_large";

/** One rule a body, the options or a response breaks. */
export interface ValidationIssue {
  /** Where, e.g. `payload.items[2].actions[0].label`; `""` for the value itself. */
  path: string;
  code: ValidationIssueCode;
  /** A readable sentence. */
  message: string;
}

/** The `code` of each error class. */
export type BotpressErrorCode = "invalid_request" | "api" | "network" | "timeout" | "aborted" | "invalid_response" | "internal";

/** The error types of the Botpress API, and `"Unknown"` for an error body of another shape. */
export type ApiErrorType = "Unknown" | "Internal" | "Unauthorized" | "Forbidden" | "PayloadTooLarge" | "InvalidPayload" | "UnsupportedMediaType" | "MethodNotFound" | "ResourceNotFound" | "InvalidJsonSchema" | "InvalidDataFormat" | "InvalidIdentifier" | "RelationConflict" | "ReferenceConstraint" | "ResourceLockedConflict" | "ResourceGone" | "ReferenceNotFound" | "InvalidQuery" | "Runtime" | "AlreadyExists" | "RateLimited" | "PaymentRequired" | "QuotaExceeded" | "LimitExceeded" | "BreakingChanges" | "OperationTimeout";

/** The `name` of each error class. */
export type BotpressErrorName = BotpressError["name"];

/** What every error of this package has. */
export interface BotpressErrorFields extends Error {
  readonly name: BotpressErrorName;
  readonly code: BotpressErrorCode;
}

/**
 * Any error this package throws or rejects with: the union of the error classes, so
 * `switch (e.code)` narrows to one of them.
 */
export type BotpressError = ValidationError | ApiError | NetworkError | TimeoutError | AbortError | InvalidResponseError | InternalError;

/**
 * Base class of every error this package throws or rejects with (not constructed itself).
 * `e instanceof BotpressError` narrows `e` to the {@link BotpressError} union.
 *
 * @example
 * ```ts
 * try {
 *   await client.getOrCreateMessage(body);
 * } catch (e) {
 *   if (!(e instanceof BotpressError)) throw e;
 *   switch (e.code) {
 *     case "invalid_request": console.log(e.issues); break;
 *     case "api": console.log(e.status, e.type, e.requestId); break;
 *     case "timeout": console.log(`gave up after ${e.timeoutMs} ms`); break;
 *     default: console.log(e.message);
 *   }
 * }
 * ```
 */
export declare const BotpressError: (abstract new (message: string, fields?: object) => BotpressErrorFields) & {
  readonly prototype: BotpressError;
};

/** The body or the options break the rules; nothing was sent. */
export class ValidationError extends BotpressError {
  private constructor();
  readonly name: "ValidationError";
  readonly code: "invalid_request";
  /** Every problem found, not only the first. */
  readonly issues: ValidationIssue[];
}

/** The server answered with a non-2xx status. */
export class ApiError extends BotpressError {
  private constructor();
  readonly name: "ApiError";
  readonly code: "api";
  /** The HTTP status of the response. */
  readonly status: number;
  /** The API's error type; `"Unknown"` when the body is not the API's error shape. */
  readonly type: ApiErrorType;
  /** The API's error id, when the body has one. */
  readonly id?: string;
  /** The `metadata` of the error body, when present. */
  readonly metadata?: Record<string, unknown>;
  /** The `x-request-id` response header, when present. */
  readonly requestId?: string;
  /** Whether the status is one that is retried (408, 429, 500, 502, 503, 504). */
  readonly retryable: boolean;
}

/** `fetch` itself failed (connection refused, DNS, CORS, …). */
export class NetworkError extends BotpressError {
  private constructor();
  readonly name: "NetworkError";
  readonly code: "network";
  /** What `fetch` threw. */
  readonly cause: unknown;
}

/** An attempt ran past its time limit (after any retries). */
export class TimeoutError extends BotpressError {
  private constructor();
  readonly name: "TimeoutError";
  readonly code: "timeout";
  /** The time limit of the attempt, in milliseconds. */
  readonly timeoutMs: number;
}

/** The caller's `signal` fired; never retried. */
export class AbortError extends BotpressError {
  private constructor();
  readonly name: "AbortError";
  readonly code: "aborted";
  /** The signal's `reason`. */
  readonly cause: unknown;
}

/**
 * The server answered 2xx, but the body is not JSON, not the documented shape, or larger than
 * `maxResponseBytes` (issue code `too_large`).
 */
export class InvalidResponseError extends BotpressError {
  private constructor();
  readonly name: "InvalidResponseError";
  readonly code: "invalid_response";
  /** The HTTP status of the response. */
  readonly status: number;
  readonly issues: ValidationIssue[];
}

/**
 * The WebAssembly instance failed during the call (a trap: a bug of this package, please report
 * it). The call was abandoned; the next call runs on a fresh instance, and existing clients keep
 * working.
 */
export class InternalError extends BotpressError {
  private constructor();
  readonly name: "InternalError";
  readonly code: "internal";
  /** The engine's error (a `WebAssembly.RuntimeError`). */
  readonly cause: unknown;
}

/**
 * A Botpress Cloud client for `getOrCreateConversation` and `getOrCreateMessage`. Bodies are
 * validated before anything is sent; failures are {@link BotpressError} subclasses.
 *
 * @example
 * ```ts
 * import { Client, ApiError } from "botpress-chat-wasm";
 *
 * const client = new Client({ token: process.env.BP_TOKEN!, botId: "my-bot-id" });
 * const { conversation } = await client.getOrCreateConversation({
 *   channel: "channel",
 *   tags: { "telegram:id": "42" },
 * });
 * const { message, meta } = await client.getOrCreateMessage({
 *   type: "text",
 *   payload: { text: "Hello!" },
 *   userId: "user_01HF58RDKE3M7K5RJ5XZ7GF6HE",
 *   conversationId: conversation.id,
 *   tags: {},
 * });
 * client.free();
 * ```
 */
export class Client {
  /** @throws {ValidationError} when the options are invalid. */
  constructor(options: ClientOptions);
  /** Returns the conversation with these tags, creating it if there is none. */
  getOrCreateConversation(body: GetOrCreateConversationInput, opts?: RequestOptions): Promise<GetOrCreateConversationOutput>;
  /**
   * Returns the message with these tags, creating it if there is none. The literal's `type`
   * selects the payload shape; a type outside {@link KnownMessageType} takes any object.
   */
  getOrCreateMessage<T extends string>(body: GetOrCreateMessageInput<T> & { type: T }, opts?: RequestOptions): Promise<GetOrCreateMessageOutput>;
  /** Releases the client's memory now instead of at garbage collection. */
  free(): void;
}

/** `Symbol.dispose` where the TypeScript lib declares it (`esnext.disposable`), else `never`. */
export type SymbolDispose = SymbolConstructor extends { readonly dispose: infer K extends symbol } ? K : never;

/**
 * `client[Symbol.dispose]()` frees the client, so `using client = new Client(…)` frees it at
 * the end of the scope. Declared only where the TypeScript lib has `Symbol.dispose`, so the
 * typings also compile against older libs.
 */
export interface Client extends Record<SymbolDispose, () => void> {}

/**
 * Settles once the WebAssembly module is loaded: resolves when the package is usable, rejects
 * when the module could not be fetched or compiled (a 404, a bundle without the `.wasm`, a CSP
 * without `'wasm-unsafe-eval'`) with an `Error` whose message names the URL tried (`code`:
 * `"wasm_unavailable"`, `url`). Every call then fails with that same error. Entries that load the
 * module synchronously (Node, Bun) export an already resolved promise.
 */
export declare const ready: Promise<void>;

/** One-shot form of {@link Client.getOrCreateConversation}. */
export function getOrCreateConversation(options: ClientOptions, body: GetOrCreateConversationInput, opts?: RequestOptions): Promise<GetOrCreateConversationOutput>;

/** One-shot form of {@link Client.getOrCreateMessage}. */
export function getOrCreateMessage<T extends string>(options: ClientOptions, body: GetOrCreateMessageInput<T> & { type: T }, opts?: RequestOptions): Promise<GetOrCreateMessageOutput>;

/** Checks a `getOrCreateConversation` body offline: `[]` when valid. Never throws. */
export function validateGetOrCreateConversation(body: unknown): ValidationIssue[];

/** Checks a `getOrCreateMessage` body offline: `[]` when valid. Never throws. */
export function validateGetOrCreateMessage(body: unknown): ValidationIssue[];
"#;
