// The three forms of the builder (client options, conversation, message): each keystroke reads
// the form, runs the package's validator on the body and shows the issues.
import { Client, validateGetOrCreateConversation, validateGetOrCreateMessage } from "botpress-chat-wasm";
import { byId } from "./dom.js";
import { bind, kindSwitch, newCtx, payloadFields, tagEditor } from "./editors.js";
import { issueView } from "./issues.js";

const CLOUD_URL = "https://api.botpress.cloud";
const DEMO_TOKEN = "demo-token";
const DEMO_BOT = "demo-bot";
const DEFAULT_USER_ID = "user_01HF58RDKE3M7K5RJ5XZ7GF6HE";

export const optionsForm = byId("options-form");
export const convForm = byId("conv-form");
export const msgForm = byId("msg-form");
const opt = {
  baseUrl: byId("opt-baseUrl"),
  token: byId("opt-token"),
  botId: byId("opt-botId"),
  integrationId: byId("opt-integrationId"),
  timeoutMs: byId("opt-timeoutMs"),
  maxRetries: byId("opt-maxRetries"),
};
const convChannel = byId("conv-channel");
const msgType = byId("msg-type");
const msgUserId = byId("msg-userId");
export const msgConversationId = byId("msg-conversationId");

for (const input of document.querySelectorAll("input[id], select[id]")) {
  input.dataset.describedby = input.getAttribute("aria-describedby") ?? "";
}

const renderOptions = issueView(optionsForm, "options-issues", "options-summary");
const renderConv = issueView(convForm, "conv-issues", "conv-summary");
const renderMsg = issueView(msgForm, "msg-issues", "msg-summary");

const convTags = tagEditor(byId("conv-tags"), { title: "Tags", initial: [{ key: "room", value: "lobby" }] });
const msgTags = tagEditor(byId("msg-tags"), { title: "Message tags", initial: [{ key: "ref", value: "demo-1" }] });
const payload = kindSwitch(msgType, byId("msg-payload"), (kind) => payloadFields(kind));

/** Reads the client options and checks them by constructing a Client (which throws on bad ones). */
export function checkOptions() {
  const ctx = newCtx();
  const options = { baseUrl: opt.baseUrl.value, token: opt.token.value, botId: opt.botId.value };
  for (const [key, input] of Object.entries(opt)) bind(ctx, key, input);
  if (opt.integrationId.value !== "") options.integrationId = opt.integrationId.value;
  for (const key of ["timeoutMs", "maxRetries"]) {
    const input = opt[key];
    if (input.validity.badInput) ctx.page.push({ input, message: "Enter a whole number." });
    else if (input.value !== "") options[key] = Number(input.value);
  }
  let issues = [];
  try {
    new Client(options).free();
  } catch (err) {
    issues = Array.isArray(err?.issues) ? err.issues : [{ path: "", code: "error", message: String(err?.message ?? err) }];
  }
  renderOptions(issues, ctx, { validText: "Valid: every call uses these options." });
  byId("preset-emulator").setAttribute("aria-pressed", String(opt.baseUrl.value === location.origin));
  byId("preset-cloud").setAttribute("aria-pressed", String(opt.baseUrl.value === CLOUD_URL));
  return { options, issues };
}

export function checkConversation() {
  const ctx = newCtx();
  bind(ctx, "channel", convChannel);
  const { tags, discriminateByTags } = convTags.read(ctx);
  const body = { channel: convChannel.value, tags };
  if (discriminateByTags) body.discriminateByTags = discriminateByTags;
  renderConv(validateGetOrCreateConversation(body), ctx);
  return body;
}

export function checkMessage() {
  const ctx = newCtx();
  const type = msgType.value;
  bind(ctx, "type", msgType);
  byId("msg-payload-legend").textContent = `Payload: ${type}`;
  const body = { type, payload: payload.current.read("payload", ctx) };
  bind(ctx, "userId", msgUserId);
  bind(ctx, "conversationId", msgConversationId);
  body.userId = msgUserId.value;
  body.conversationId = msgConversationId.value;
  const { tags, discriminateByTags } = msgTags.read(ctx);
  body.tags = tags;
  if (discriminateByTags) body.discriminateByTags = discriminateByTags;
  renderMsg(validateGetOrCreateMessage(body), ctx);
  return body;
}

/** Step 3 takes the id of the conversation step 2 returned. */
export function useConversation(id, created) {
  msgConversationId.value = id;
  byId("msg-conversationId-hint").textContent = `From the conversation ${created === false ? "found" : "created"} in step 2.`;
  checkMessage();
}

/**
 * Prepares the reply a visitor picked in the conversation (a quick reply, a postback or say
 * action) as a text message in step 3, with a fresh `ref` tag so that it is a new message rather
 * than one found again. Returns what it did, for the page to announce.
 */
export function prepareReply(text) {
  msgType.value = "text";
  payload.show("text");
  const input = payload.current.first();
  input.value = text;
  const ref = `reply-${Date.now().toString(36)}`;
  const tagged = msgTags.setValue("ref", ref);
  checkMessage();
  input.focus();
  return tagged ? `tag ref=${ref}, so it is a new message` : "same tags as before";
}

for (const [form, check] of [
  [optionsForm, checkOptions],
  [convForm, checkConversation],
  [msgForm, checkMessage],
]) {
  for (const type of ["input", "change", "structure"]) form.addEventListener(type, () => check());
}

byId("preset-emulator").addEventListener("click", () => {
  opt.baseUrl.value = location.origin;
  opt.token.value = DEMO_TOKEN; // also drops a real token from the page
  opt.botId.value = DEMO_BOT;
  checkOptions();
});
byId("preset-cloud").addEventListener("click", () => {
  opt.baseUrl.value = CLOUD_URL;
  if (opt.token.value === DEMO_TOKEN) opt.token.value = "";
  if (opt.botId.value === DEMO_BOT) opt.botId.value = "";
  checkOptions();
  opt.token.focus();
});

optionsForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const { issues } = checkOptions();
  if (issues.length) optionsForm.querySelector('[aria-invalid="true"]')?.focus();
});

/** Fills in the defaults and runs the first checks. */
export function startForms() {
  opt.baseUrl.value = location.origin;
  msgUserId.value = DEFAULT_USER_ID;
  payload.show(msgType.value);
  checkOptions();
  checkConversation();
  checkMessage();
}
