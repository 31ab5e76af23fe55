// The botpress-chat-wasm demo: plain DOM, no framework, no build step. This entry wires the
// modules in js/ together: the builder's forms (forms.js, with the payload editors of editors.js
// and the issue display of issues.js), the conversation view (conversation.js) and the result
// panel (result.js).
//
// The package is imported by name, as a user would, through the import map in index.html.
// The bot token lives only in its password input and in the options object built for each call:
// nothing is written to localStorage, sessionStorage or cookies, and nothing is logged.
// Every text that comes from the user or the server is set with textContent, never as HTML.
import { Client } from "botpress-chat-wasm";
import { byId } from "./js/dom.js";
import { conversationView } from "./js/conversation.js";
import {
  checkConversation,
  checkMessage,
  checkOptions,
  convForm,
  msgConversationId,
  msgForm,
  prepareReply,
  startForms,
  useConversation,
} from "./js/forms.js";
import { showDone, showError, showSending, showSuccess } from "./js/result.js";

const cancelButton = byId("cancel");
const chatNote = byId("chat-note");
let pending = null;

// The conversation step 3 sends to is the one shown; a reply picked in it is prepared in step 3.
const chat = conversationView({
  log: byId("chat-log"),
  heading: byId("chat-heading"),
  onReply(text) {
    const how = prepareReply(text);
    chatNote.textContent = `Reply "${text}" is ready in step 3 as a text message (${how}): press Get or create message.`;
  },
});
msgConversationId.addEventListener("input", () => chat.show(msgConversationId.value));

async function send(op, body, submitter) {
  if (pending) return;
  const { options } = checkOptions();
  const controller = new AbortController();
  pending = controller;
  cancelButton.disabled = false;
  showSending(op, options.baseUrl, body);
  const started = performance.now();
  let client = null;
  try {
    client = new Client(options);
    const out = await client[op](body, { signal: controller.signal });
    showSuccess(op, out, Math.round(performance.now() - started));
    if (op === "getOrCreateConversation" && typeof out?.conversation?.id === "string") {
      useConversation(out.conversation.id, out.meta?.created);
      chat.show(out.conversation.id);
    }
    if (op === "getOrCreateMessage") chat.add(out);
  } catch (err) {
    showError(op, err, Math.round(performance.now() - started));
  } finally {
    client?.free();
    pending = null;
    const hadFocus = document.activeElement === cancelButton;
    cancelButton.disabled = true;
    if (hadFocus) submitter?.focus();
    showDone();
  }
}

convForm.addEventListener("submit", (event) => {
  event.preventDefault();
  send("getOrCreateConversation", checkConversation(), byId("conv-submit"));
});
msgForm.addEventListener("submit", (event) => {
  event.preventDefault();
  send("getOrCreateMessage", checkMessage(), byId("msg-submit"));
});
cancelButton.addEventListener("click", () => pending?.abort(new DOMException("Cancelled from the demo page", "AbortError")));

startForms();
chat.show(msgConversationId.value);
for (const fs of document.querySelectorAll("fieldset.plain[disabled]")) fs.disabled = false;
byId("boot").hidden = true;
document.documentElement.dataset.ready = "true";
