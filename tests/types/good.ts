// A realistic consumer of the package's typings. Must type-check under `strict`.
import {
  AbortError,
  ApiError,
  BotpressError,
  Client,
  getOrCreateConversation,
  getOrCreateMessage,
  InvalidResponseError,
  InternalError,
  NetworkError,
  TimeoutError,
  validateGetOrCreateConversation,
  validateGetOrCreateMessage,
  ValidationError,
} from "botpress-chat-wasm";
import type {
  ApiErrorType,
  BlocItem,
  BotpressErrorCode,
  BotpressErrorName,
  CardAction,
  ChoiceOption,
  ClientOptions,
  Conversation,
  CustomMessageInput,
  GetOrCreateConversationInput,
  GetOrCreateConversationOutput,
  GetOrCreateMessageInput,
  GetOrCreateMessageOutput,
  KnownMessageInput,
  KnownMessageType,
  Message,
  MessageFields,
  RequestOptions,
  TagsInput,
  TextPayload,
  ValidationIssue,
  ValidationIssueCode,
} from "botpress-chat-wasm";

// ---- type-level assertions -------------------------------------------------------------

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | void {}

assertType<
  Equals<
    KnownMessageType,
    | "text"
    | "image"
    | "audio"
    | "video"
    | "file"
    | "location"
    | "card"
    | "carousel"
    | "choice"
    | "dropdown"
    | "bloc"
    | "markdown"
  >
>();
assertType<Equals<GetOrCreateMessageInput<"text">["payload"], TextPayload>>();
assertType<Equals<GetOrCreateMessageInput<"slack.blocks">["payload"], Record<string, unknown>>>();
assertType<Equals<GetOrCreateMessageInput, KnownMessageInput>>();
assertType<Equals<TagsInput, Record<string, string | null>>>();
assertType<Equals<Message["tags"], Record<string, string>>>();
assertType<Equals<Conversation["tags"], Record<string, string>>>();
assertType<Equals<Conversation["messageCount"], number | undefined>>();
assertType<Equals<Message["direction"], "incoming" | "outgoing">>();
assertType<Equals<Message["origin"], "synthetic" | undefined>>();
assertType<Equals<GetOrCreateConversationOutput["meta"], { created: boolean } | undefined>>();
assertType<Equals<CardAction["action"], "postback" | "url" | "say">>();
assertType<Equals<BlocItem["type"], "text" | "image" | "audio" | "video" | "file" | "location" | "markdown">>();
assertType<
  Equals<BotpressErrorCode, "invalid_request" | "api" | "network" | "timeout" | "aborted" | "invalid_response" | "internal">
>();
assertType<Equals<BotpressError["code"], BotpressErrorCode>>();
assertType<
  Equals<
    BotpressErrorName,
    "ValidationError" | "ApiError" | "NetworkError" | "TimeoutError" | "AbortError" | "InvalidResponseError" | "InternalError"
  >
>();
assertType<Equals<keyof MessageFields, "userId" | "conversationId" | "tags" | "schedule" | "origin" | "discriminateByTags">>();
assertType<Equals<ApiError["type"] extends string ? true : false, true>>();
const notFound: ApiErrorType = "ResourceNotFound";
const unknownType: ApiErrorType = "Unknown";

// ---- setup ---------------------------------------------------------------------------------

const options: ClientOptions = {
  token: "bp_pat_example",
  botId: "bot_01HF58RDKE3M7K5RJ5XZ7GF6HE",
  integrationAlias: "telegram",
  baseUrl: "http://127.0.0.1:8787",
  timeoutMs: 10_000,
  maxRetries: 0,
  maxResponseBytes: 1_048_576,
  headers: { "x-trace": "abc" },
  fetch: (input, init) => fetch(input, init),
};
const minimal: ClientOptions = { token: "t", botId: "b" };
const client = new Client(options);
const controller = new AbortController();
const perCall: RequestOptions = { signal: controller.signal, timeoutMs: 5_000, maxRetries: 1 };

const userId = "user_01HF58RDKE3M7K5RJ5XZ7GF6HE";

async function conversationFor(chatId: string): Promise<Conversation> {
  const body: GetOrCreateConversationInput = {
    channel: "channel",
    tags: { "telegram:id": chatId, stale: null, empty: "" },
    discriminateByTags: ["telegram:id"],
    properties: { topic: "support", old: null },
  };
  const out = await client.getOrCreateConversation(body, perCall);
  if (out.meta?.created) console.log("new conversation", out.conversation.id);
  const count: number = out.conversation.messageCount ?? 0;
  console.log(count, out.conversation.integration, out.conversation.tags["telegram:id"]);
  // The one-shot form, with the deprecated field still accepted.
  await getOrCreateConversation(minimal, { channel: "dm", tags: {}, integrationName: "telegram" });
  return out.conversation;
}

// ---- every payload kind, as object literals ------------------------------------------------

async function sendAll(conversationId: string): Promise<Message[]> {
  const common = { userId, conversationId, tags: { "telegram:id": "42" } };
  const outs: GetOrCreateMessageOutput[] = [
    await client.getOrCreateMessage({ type: "text", payload: { text: "Hello" }, ...common }),
    await client.getOrCreateMessage({ type: "image", payload: { imageUrl: "https://x/i.png", title: "pic" }, ...common }),
    await client.getOrCreateMessage({ type: "audio", payload: { audioUrl: "https://x/a.mp3" }, ...common }),
    await client.getOrCreateMessage({ type: "video", payload: { videoUrl: "https://x/v.mp4", title: "clip" }, ...common }),
    await client.getOrCreateMessage({ type: "file", payload: { fileUrl: "https://x/f.pdf" }, ...common }),
    await client.getOrCreateMessage({
      type: "location",
      payload: { latitude: 45.5, longitude: -73.6, address: "Montréal", title: "office" },
      ...common,
    }),
    await client.getOrCreateMessage({
      type: "card",
      payload: {
        title: "Plan",
        subtitle: "Pro",
        imageUrl: "https://x/p.png",
        actions: [
          { action: "postback", label: "Buy", value: "buy" },
          { action: "url", label: "Docs", value: "https://x/docs" },
          { action: "say", label: "Hi", value: "hi" },
        ],
      },
      ...common,
    }),
    await client.getOrCreateMessage({
      type: "carousel",
      payload: { items: [{ title: "A", actions: [] }, { title: "B", actions: [{ action: "url", label: "B", value: "https://b" }] }] },
      ...common,
    }),
    await client.getOrCreateMessage({
      type: "choice",
      payload: { text: "Pick", options: [{ label: "One", value: "1" }] },
      ...common,
      schedule: { delay: 1_000 },
      origin: "synthetic",
      discriminateByTags: ["telegram:id"],
    }),
    await client.getOrCreateMessage(
      { type: "dropdown", payload: { text: "Pick", options: [] }, ...common, schedule: { dateTime: new Date().toISOString() } },
      { signal: controller.signal },
    ),
    await client.getOrCreateMessage({
      type: "bloc",
      payload: {
        items: [
          { type: "text", payload: { text: "a" } },
          { type: "image", payload: { imageUrl: "https://x/i.png" } },
          { type: "audio", payload: { audioUrl: "https://x/a.mp3" } },
          { type: "video", payload: { videoUrl: "https://x/v.mp4" } },
          { type: "file", payload: { fileUrl: "https://x/f.pdf", title: "f" } },
          { type: "location", payload: { latitude: 0, longitude: 0 } },
          { type: "markdown", payload: { markdown: "**b**" } },
        ],
      },
      ...common,
    }),
    await client.getOrCreateMessage({ type: "markdown", payload: { markdown: "*old*" }, ...common }),
    // An integration-defined type takes any object payload.
    await client.getOrCreateMessage({ type: "slack.blocks", payload: { blocks: [{ type: "divider" }] }, ...common }),
    // The one-shot form.
    await getOrCreateMessage(minimal, { type: "text", payload: { text: "one shot" }, ...common }, perCall),
    await getOrCreateMessage(minimal, { type: "whatsapp.template", payload: { name: "hello", lang: "en" }, ...common }),
  ];
  return outs.map((o) => o.message);
}

// ---- pre-built bodies, variables and extra payload keys ------------------------------------

async function prebuilt(conversationId: string): Promise<void> {
  const fields: MessageFields = { userId, conversationId, tags: {} };
  // A variable of the default type (the known union) is accepted as is.
  const known: GetOrCreateMessageInput = { type: "text", payload: { text: "x" }, ...fields };
  await client.getOrCreateMessage(known);
  // So is a custom one, and a custom one with a literal type parameter.
  const custom: CustomMessageInput = { type: "telegram.sticker", payload: { fileId: "abc" }, ...fields };
  await client.getOrCreateMessage(custom);
  const sticker: CustomMessageInput<"telegram.sticker"> = { type: "telegram.sticker", payload: {}, ...fields };
  await getOrCreateMessage(minimal, sticker);
  // Extra keys that integrations accept (e.g. `metadata`) type-check when the payload is built
  // first: excess-property checks apply to object literals only.
  const payload = { text: "with metadata", metadata: { source: "crm" } };
  await client.getOrCreateMessage({ type: "text", payload, ...fields });
  // A list of mixed bodies.
  const queue: GetOrCreateMessageInput[] = [
    { type: "text", payload: { text: "1" }, ...fields },
    { type: "choice", payload: { text: "2", options: [{ label: "a", value: "a" }] }, ...fields },
  ];
  for (const body of queue) await client.getOrCreateMessage(body);
  const options: ChoiceOption[] = [{ label: "x", value: "y" }];
  console.log(options.length);
}

// ---- narrowing ---------------------------------------------------------------------------

function preview(m: GetOrCreateMessageInput): string {
  switch (m.type) {
    case "text":
      return m.payload.text;
    case "image":
      return m.payload.title ?? m.payload.imageUrl;
    case "audio":
      return m.payload.audioUrl;
    case "video":
      return m.payload.videoUrl;
    case "file":
      return m.payload.fileUrl;
    case "location":
      return `${m.payload.latitude},${m.payload.longitude}`;
    case "card":
      return m.payload.title + m.payload.actions.map((a: CardAction) => a.label).join();
    case "carousel":
      return m.payload.items.map((c) => c.title).join();
    case "choice":
    case "dropdown":
      return m.payload.options.map((o) => o.value).join();
    case "bloc":
      return m.payload.items.map(blocPreview).join();
    case "markdown":
      return m.payload.markdown;
    default: {
      const unreachable: never = m;
      return unreachable;
    }
  }
}

function blocPreview(item: BlocItem): string {
  switch (item.type) {
    case "text":
      return item.payload.text;
    case "markdown":
      return item.payload.markdown;
    case "location":
      return String(item.payload.latitude);
    case "image":
    case "audio":
    case "video":
    case "file":
      return item.payload.title ?? "";
    default: {
      const unreachable: never = item;
      return unreachable;
    }
  }
}

function fromResponse(m: Message): string {
  const kind: string = m.type;
  const payload: Record<string, unknown> = m.payload;
  return `${kind}:${m.direction}:${Object.keys(payload).length}:${m.createdAt}`;
}

// ---- errors ------------------------------------------------------------------------------

function report(e: unknown): string {
  if (e instanceof ApiError) {
    const retry: boolean = e.retryable;
    const status: number = e.status;
    if (e.type === "ResourceNotFound") return `missing (${e.id ?? "no id"})`;
    return `${status} ${e.type} ${e.requestId ?? ""} ${retry} ${JSON.stringify(e.metadata ?? {})}`;
  }
  if (e instanceof ValidationError) {
    return e.issues.map((i) => `${i.path}: ${i.message}`).join("\n");
  }
  if (!(e instanceof BotpressError)) throw e;
  const name: BotpressErrorName = e.name;
  const asError: Error = e;
  console.log(name, asError.stack);
  switch (e.code) {
    case "invalid_request":
      return String(e.issues.length);
    case "api":
      return e.type;
    case "network":
      return String(e.cause);
    case "timeout":
      return `timed out after ${e.timeoutMs} ms`;
    case "aborted":
      return `aborted: ${String(e.cause)}`;
    case "invalid_response":
      return `${e.status}: ${e.issues.map((i) => i.code).join()}`;
    case "internal":
      return `internal: ${String(e.cause)}`;
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

function byClass(e: unknown): string {
  if (e instanceof InternalError) return `${e.code}: ${String(e.cause)}`;
  if (e instanceof NetworkError) return "network";
  if (e instanceof TimeoutError) return String(e.timeoutMs);
  if (e instanceof AbortError) return "aborted";
  if (e instanceof InvalidResponseError) return String(e.status);
  return "other";
}

// ---- offline validation -------------------------------------------------------------------

function check(untrusted: unknown): ValidationIssue[] {
  const issues = [...validateGetOrCreateMessage(untrusted), ...validateGetOrCreateConversation(JSON.parse("{}"))];
  const missing = issues.filter((i) => i.code === "required").map((i) => i.path);
  const code: ValidationIssueCode | undefined = issues[0]?.code;
  console.log(missing, code);
  return issues;
}

// ---- resources ---------------------------------------------------------------------------

function scoped(): void {
  using scopedClient = new Client(minimal);
  void scopedClient;
  const other = new Client(minimal);
  other.free();
}

export async function main(): Promise<void> {
  try {
    const conversation = await conversationFor("42");
    const messages = await sendAll(conversation.id);
    await prebuilt(conversation.id);
    console.log(messages.map(fromResponse), preview({ type: "text", payload: { text: "p" }, userId, conversationId: "c", tags: {} }));
  } catch (e) {
    console.error(report(e), byClass(e));
  }
  check({ type: "text" });
  scoped();
  console.log(notFound, unknownType);
}
