// The result panel: the outcome of the last call (badge, status line, returned JSON or the
// error's fields) and a short history of calls.
import { BotpressError } from "botpress-chat-wasm";
import { byId, h } from "./dom.js";
import { issueItem } from "./issues.js";

const ENDPOINTS = {
  getOrCreateConversation: "/v1/chat/conversations/get-or-create",
  getOrCreateMessage: "/v1/chat/messages/get-or-create",
};

const result = byId("result");
const resultStatus = byId("result-status");
const resultBadge = byId("result-badge");
const resultRequest = byId("result-request");
const resultOut = byId("result-out");
const resultJson = byId("result-json");
const resultError = byId("result-error");
const resultSent = byId("result-sent");
const resultBody = byId("result-body");
const history = byId("history");
let calls = 0;

/** A call has started: what is sent, and where. */
export function showSending(op, baseUrl, body) {
  result.setAttribute("aria-busy", "true");
  resultStatus.textContent = `${op}: sending…`;
  resultRequest.hidden = false;
  resultRequest.replaceChildren(h("code", { text: `POST ${String(baseUrl).replace(/\/+$/, "")}${ENDPOINTS[op]}` }));
  resultBody.textContent = JSON.stringify(body, null, 2);
  resultSent.hidden = false;
}

/** A call has ended (shown by showSuccess or showError); tests wait on data-seq. */
export function showDone() {
  result.removeAttribute("aria-busy");
  result.dataset.seq = String(++calls);
}

function setBadge(kind) {
  resultBadge.hidden = false;
  resultBadge.textContent = kind;
  resultBadge.className = `badge ${kind.replace(/\s+/g, "-")}`;
}

function addHistory(kind, op, detail, ms) {
  history.querySelector(".empty")?.remove();
  const li = h(
    "li",
    {},
    h("span", { class: `badge ${kind.replace(/\s+/g, "-")}`, text: kind }),
    h("span", { class: "what" }, h("code", { text: op.replace("getOrCreate", "").toLowerCase() }), ` ${detail} `, h("span", { class: "ms", text: `${ms} ms` })),
  );
  history.prepend(li);
  while (history.children.length > 8) history.lastElementChild.remove();
}

export function showSuccess(op, out, ms) {
  const created = out?.meta?.created;
  const kind = created === true ? "created" : created === false ? "found" : "no meta";
  const record = out?.conversation ?? out?.message;
  setBadge(kind);
  resultError.hidden = true;
  resultError.replaceChildren();
  resultOut.hidden = false;
  resultJson.hidden = false;
  resultJson.textContent = JSON.stringify(out, null, 2);
  const what = record?.id ?? "";
  resultStatus.textContent = `${op}: ${kind} ${what} in ${ms} ms.`;
  addHistory(kind, op, record?.type ? `${what} (${record.type})` : what, ms);
}

export function showError(op, err, ms) {
  setBadge("error");
  resultOut.hidden = true;
  resultJson.hidden = true;
  resultJson.textContent = "";
  const rows = [
    ["Class", "name", err?.name ?? typeof err],
    ["Code", "code", err?.code],
    ["Status", "status", err?.status],
    ["Type", "type", err?.type],
    ["Error id", "id", err?.id],
    ["Request id", "requestId", err?.requestId],
    ["Retryable", "retryable", err?.retryable],
    ["Timeout (ms)", "timeoutMs", err?.timeoutMs],
    ["Message", "message", err?.message ?? String(err)],
  ].filter(([, , v]) => v !== undefined && v !== null && v !== "");
  const dl = h(
    "dl",
    {},
    rows.map(([label, key, v]) => [h("dt", { text: label }), h("dd", { "data-field": key, text: String(v) })]),
  );
  const parts = [h("p", { class: "error-title", text: err instanceof BotpressError ? `${err.name} (${err.code})` : "Unexpected error" }), dl];
  if (Array.isArray(err?.issues) && err.issues.length) {
    parts.push(
      h("p", { class: "error-sub", text: "Issues" }),
      h("ul", { class: "issues" }, err.issues.map(issueItem)),
    );
  }
  if (err?.cause instanceof Error) parts.push(h("p", { class: "cause", text: `Cause: ${err.cause.name}: ${err.cause.message}` }));
  resultError.replaceChildren(...parts);
  resultError.hidden = false;
  if (err?.code === "invalid_request") resultRequest.replaceChildren("Nothing was sent: the client checks the options and the body first.");
  resultStatus.textContent = `${op}: ${err?.name ?? "error"}${err?.code ? ` (${err.code})` : ""}${err?.status ? `, HTTP ${err.status}` : ""} after ${ms} ms.`;
  addHistory("error", op, err?.status ? `${err.name} ${err.status}` : String(err?.name ?? "error"), ms);
}
