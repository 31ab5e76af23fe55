// The botpress-chat-wasm demo: plain DOM, no framework, no build step.
//
// The package is imported by name, as a user would, through the import map in index.html.
// The bot token lives only in its password input and in the options object built for each call:
// nothing is written to localStorage, sessionStorage or cookies, and nothing is logged.
// Every text that comes from the user or the server is set with textContent, never as HTML.
import {
  Client,
  BotpressError,
  validateGetOrCreateConversation,
  validateGetOrCreateMessage,
} from "botpress-chat-wasm";

const CLOUD_URL = "https://api.botpress.cloud";
const DEMO_TOKEN = "demo-token";
const DEMO_BOT = "demo-bot";
const DEFAULT_USER_ID = "user_01HF58RDKE3M7K5RJ5XZ7GF6HE";
const BLOC_KINDS = ["text", "image", "audio", "video", "file", "location"];
const CARD_ACTIONS = ["postback", "url", "say"];

// Fields of the flat payload kinds. mode: "req" is always sent (an empty string included, so the
// validator reports it), "opt" is left out when empty, "num" is a number left out when empty.
const FLAT = {
  text: [{ key: "text", label: "Text", mode: "req" }],
  image: [
    { key: "imageUrl", label: "Image URL", mode: "req" },
    { key: "title", label: "Title (optional)", mode: "opt" },
  ],
  audio: [
    { key: "audioUrl", label: "Audio URL", mode: "req" },
    { key: "title", label: "Title (optional)", mode: "opt" },
  ],
  video: [
    { key: "videoUrl", label: "Video URL", mode: "req" },
    { key: "title", label: "Title (optional)", mode: "opt" },
  ],
  file: [
    { key: "fileUrl", label: "File URL", mode: "req" },
    { key: "title", label: "Title (optional)", mode: "opt" },
  ],
  location: [
    { key: "latitude", label: "Latitude", mode: "num" },
    { key: "longitude", label: "Longitude", mode: "num" },
    { key: "address", label: "Address (optional)", mode: "opt" },
    { key: "title", label: "Title (optional)", mode: "opt" },
  ],
};

// What each kind starts with, so the first send works and shows the shape.
const SAMPLES = {
  text: { text: "Hello from botpress-chat-wasm!" },
  image: { imageUrl: "https://example.com/photo.png", title: "A photo" },
  audio: { audioUrl: "https://example.com/jingle.mp3" },
  video: { videoUrl: "https://example.com/clip.mp4" },
  file: { fileUrl: "https://example.com/report.pdf", title: "Report" },
  location: { latitude: 45.5019, longitude: -73.5674, address: "Montréal, QC", title: "Meeting point" },
  card: {
    title: "botpress-chat-wasm",
    subtitle: "Rust compiled to WebAssembly",
    imageUrl: "https://example.com/card.png",
    actions: [
      { action: "postback", label: "Tell me more", value: "more" },
      { action: "url", label: "Documentation", value: "https://botpress.com/docs" },
    ],
  },
  carousel: {
    items: [
      {
        title: "Starter",
        subtitle: "One bot",
        actions: [{ action: "postback", label: "Choose Starter", value: "plan-starter" }],
      },
    ],
  },
  choice: {
    text: "Pick a colour",
    options: [
      { label: "Red", value: "red" },
      { label: "Blue", value: "blue" },
    ],
  },
  dropdown: {
    text: "Pick a size",
    options: [
      { label: "Small", value: "s" },
      { label: "Medium", value: "m" },
      { label: "Large", value: "l" },
    ],
  },
  bloc: {
    items: [
      { type: "text", payload: { text: "Here is the meeting point:" } },
      { type: "location", payload: { latitude: 45.5019, longitude: -73.5674, title: "Meeting point" } },
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// DOM helpers

const byId = (id) => document.getElementById(id);
let nextId = 0;
const uid = () => `f${++nextId}`;

/** Creates an element: attributes (booleans as presence), then children (strings become text). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === "text") el.textContent = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) if (c != null) el.append(c);
  return el;
}

/** A labelled input (or select) with its issue slot; ids tie label, hint and issue together. */
function field({ label, type = "text", value = "", options, check = false }) {
  const id = uid();
  let input;
  if (type === "select") {
    input = h("select", { id }, options.map((o) => h("option", { text: o })));
    input.value = value;
  } else {
    input = h("input", {
      id,
      type,
      step: type === "number" ? "any" : null,
      autocomplete: "off",
      spellcheck: type === "text" ? "false" : null,
      autocapitalize: type === "text" ? "off" : null,
    });
    if (type === "checkbox") input.checked = Boolean(value);
    else input.value = String(value ?? "");
  }
  const issue = h("p", { class: "issue", id: `${id}-issue`, hidden: true });
  const lab = h("label", { for: id, text: label });
  const wrap = check
    ? h("div", { class: "field check" }, input, lab, issue)
    : h("div", { class: "field" }, lab, input, issue);
  return { wrap, input };
}

/** Tells the form its structure changed (a row added or removed, a kind switched). */
function structureChanged(el) {
  el.dispatchEvent(new Event("structure", { bubbles: true }));
}

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);

// ---------------------------------------------------------------------------------------------
// Reading the forms. A read walks the inputs, builds the body and records, in ctx.paths, which
// input produced each JSON path (`payload.items[1].actions[0].label` -> that label input), so the
// validator's issues land next to their field. ctx.page holds the page's own notes (duplicates).

function newCtx() {
  return { paths: new Map(), page: [] };
}

function bind(ctx, path, input) {
  ctx.paths.set(path, input);
  input.dataset.path = path;
}

/** The path the validator uses for a key under `base`: `tags.name` or `tags["a b"]`. */
function childPath(base, key) {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/** Sets an own enumerable property, even for a key such as `__proto__`. */
function put(obj, key, value) {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function flatFields(kind, values = {}) {
  const parts = FLAT[kind].map((spec) => ({
    spec,
    ...field({ label: spec.label, type: spec.mode === "num" ? "number" : "text", value: values[spec.key] ?? "" }),
  }));
  return {
    el: h("div", { class: "fields" }, parts.map((p) => p.wrap)),
    first: () => parts[0].input,
    read(base, ctx) {
      const out = {};
      for (const { spec, input } of parts) {
        bind(ctx, `${base}.${spec.key}`, input);
        const raw = input.value;
        if (spec.mode === "req") out[spec.key] = raw;
        else if (spec.mode === "opt") {
          if (raw !== "") out[spec.key] = raw;
        } else if (input.validity.badInput) {
          ctx.page.push({ input, message: "Enter a number, such as 45.5019." });
        } else if (raw !== "") {
          out[spec.key] = Number(raw);
        }
      }
      return out;
    },
  };
}

/**
 * An editable list of items (cards, actions, options, tags...): add, remove, numbered legends.
 * `make(values)` builds one item: { el, first(), read(base, ctx) }.
 */
function listEditor({ title, noun, make, initial, fresh, compact = false, bare = false }) {
  const items = [];
  const ol = h("ol", { class: compact ? "items compact" : "items" });
  const add = h("button", { type: "button", class: "add" }, `+ Add ${noun}`);
  const el = h("fieldset", { class: bare ? "list bare" : "list" }, h("legend", { text: title }), ol, add);

  function append(values) {
    const part = make(values);
    const legend = h("legend", { class: compact ? "sr-only" : null });
    const remove = h("button", { type: "button", class: "remove small" }, "Remove");
    const li = h("li", {}, h("fieldset", { class: "item" }, legend, part.el, remove));
    const item = { part, legend, remove, li };
    remove.addEventListener("click", () => {
      const i = items.indexOf(item);
      items.splice(i, 1);
      li.remove();
      structureChanged(el); // renumbers the legends and labels before focus lands on them
      const neighbour = items[i] ?? items[i - 1];
      (neighbour ? neighbour.remove : add).focus();
    });
    items.push(item);
    ol.append(li);
    return item;
  }

  for (const values of initial) append(values);
  add.addEventListener("click", () => {
    const item = append(fresh(items.length + 1));
    structureChanged(el);
    item.part.first().focus();
  });

  return {
    el,
    items,
    /** Numbers legends and buttons for the item paths under `base`. */
    label(base) {
      add.dataset.testid = `add:${base}`;
      items.forEach((item, i) => {
        item.legend.textContent = `${cap(noun)} ${i + 1}`;
        item.remove.setAttribute("aria-label", `Remove ${noun} ${i + 1}`);
        item.remove.dataset.testid = `remove:${base}[${i}]`;
      });
    },
    read(base, ctx) {
      this.label(base);
      return items.map((item, i) => item.part.read(`${base}[${i}]`, ctx));
    },
  };
}

function actionItem(values = {}) {
  const action = field({ label: "Action", type: "select", options: CARD_ACTIONS, value: values.action ?? "postback" });
  const label = field({ label: "Label", value: values.label });
  const value = field({ label: "Value", value: values.value });
  return {
    el: h("div", { class: "fields row" }, action.wrap, label.wrap, value.wrap),
    first: () => action.input,
    read(base, ctx) {
      bind(ctx, `${base}.action`, action.input);
      bind(ctx, `${base}.label`, label.input);
      bind(ctx, `${base}.value`, value.input);
      return { action: action.input.value, label: label.input.value, value: value.input.value };
    },
  };
}

function optionItem(values = {}) {
  const label = field({ label: "Label", value: values.label });
  const value = field({ label: "Value", value: values.value });
  return {
    el: h("div", { class: "fields row" }, label.wrap, value.wrap),
    first: () => label.input,
    read(base, ctx) {
      bind(ctx, `${base}.label`, label.input);
      bind(ctx, `${base}.value`, value.input);
      return { label: label.input.value, value: value.input.value };
    },
  };
}

function cardFields(values = {}) {
  const title = field({ label: "Title", value: values.title });
  const subtitle = field({ label: "Subtitle (optional)", value: values.subtitle });
  const imageUrl = field({ label: "Image URL (optional)", value: values.imageUrl });
  const actions = listEditor({
    title: "Actions",
    noun: "action",
    compact: true,
    make: actionItem,
    initial: values.actions ?? [],
    fresh: (n) => ({ action: "postback", label: `Button ${n}`, value: `button-${n}` }),
  });
  return {
    el: h("div", { class: "fields" }, title.wrap, h("div", { class: "cols" }, subtitle.wrap, imageUrl.wrap), actions.el),
    first: () => title.input,
    read(base, ctx) {
      bind(ctx, `${base}.title`, title.input);
      bind(ctx, `${base}.subtitle`, subtitle.input);
      bind(ctx, `${base}.imageUrl`, imageUrl.input);
      const out = { title: title.input.value };
      if (subtitle.input.value !== "") out.subtitle = subtitle.input.value;
      if (imageUrl.input.value !== "") out.imageUrl = imageUrl.input.value;
      out.actions = actions.read(`${base}.actions`, ctx);
      return out;
    },
  };
}

function carouselFields(values) {
  const cards = listEditor({
    title: "Cards",
    noun: "card",
    bare: true,
    make: cardFields,
    initial: values.items,
    fresh: (n) => ({ title: `Card ${n}`, actions: [] }),
  });
  return {
    el: h("div", { class: "fields" }, cards.el),
    first: () => cards.items[0]?.part.first() ?? cards.el,
    read: (base, ctx) => ({ items: cards.read(`${base}.items`, ctx) }),
  };
}

function choiceFields(values) {
  const text = field({ label: "Text", value: values.text });
  const options = listEditor({
    title: "Options",
    noun: "option",
    compact: true,
    make: optionItem,
    initial: values.options,
    fresh: (n) => ({ label: `Option ${n}`, value: `option-${n}` }),
  });
  return {
    el: h("div", { class: "fields" }, text.wrap, options.el),
    first: () => text.input,
    read(base, ctx) {
      bind(ctx, `${base}.text`, text.input);
      return { text: text.input.value, options: options.read(`${base}.options`, ctx) };
    },
  };
}

/** A switch between kinds that keeps what was typed in each (panels are kept, detached, when hidden). */
function kindSwitch(select, holder, build) {
  const panels = new Map();
  const api = {
    current: null,
    show(kind, values) {
      if (!panels.has(kind)) panels.set(kind, build(kind, values));
      api.current = panels.get(kind);
      holder.replaceChildren(api.current.el);
    },
  };
  select.addEventListener("change", () => {
    api.show(select.value);
    structureChanged(holder);
  });
  return api;
}

function blocItem(values = { type: "text", payload: { text: "" } }) {
  const kind = field({ label: "Item kind", type: "select", options: BLOC_KINDS, value: values.type });
  const holder = h("div", { class: "bloc-payload" });
  const sw = kindSwitch(kind.input, holder, (k, v) => flatFields(k, v ?? SAMPLES[k]));
  sw.show(values.type, values.payload);
  return {
    el: h("div", { class: "fields" }, kind.wrap, holder),
    first: () => kind.input,
    read(base, ctx) {
      bind(ctx, `${base}.type`, kind.input);
      return { type: kind.input.value, payload: sw.current.read(`${base}.payload`, ctx) };
    },
  };
}

function blocFields(values) {
  const items = listEditor({
    title: "Items",
    noun: "item",
    bare: true,
    make: blocItem,
    initial: values.items,
    fresh: (n) => ({ type: "text", payload: { text: `Item ${n}` } }),
  });
  return {
    el: h("div", { class: "fields" }, items.el),
    first: () => items.items[0]?.part.first() ?? items.el,
    read: (base, ctx) => ({ items: items.read(`${base}.items`, ctx) }),
  };
}

function payloadFields(kind) {
  const sample = structuredClone(SAMPLES[kind]);
  switch (kind) {
    case "card":
      return cardFields(sample);
    case "carousel":
      return carouselFields(sample);
    case "choice":
    case "dropdown":
      return choiceFields(sample);
    case "bloc":
      return blocFields(sample);
    default:
      return flatFields(kind, sample);
  }
}

/** Tag rows: name, value and a Match checkbox (discriminateByTags). Blank rows are skipped. */
function tagEditor(container, { title, initial }) {
  const list = listEditor({
    title,
    noun: "tag",
    compact: true,
    initial,
    fresh: () => ({ key: "", value: "" }),
    make(values = {}) {
      const key = field({ label: "Name", value: values.key });
      const value = field({ label: "Value", value: values.value });
      const match = field({ label: "Match", type: "checkbox", value: values.match, check: true });
      key.input.dataset.role = "key";
      value.input.dataset.role = "value";
      match.input.dataset.role = "match";
      return {
        el: h("div", { class: "fields row tag-row" }, key.wrap, value.wrap, match.wrap),
        first: () => key.input,
        key: key.input,
        value: value.input,
        match: match.input,
      };
    },
  });
  container.append(list.el);
  return {
    read(ctx) {
      list.label("tags");
      const tags = {};
      const discriminateByTags = [];
      const seen = new Set();
      for (const { part } of list.items) {
        for (const input of [part.key, part.value, part.match]) delete input.dataset.path;
        const k = part.key.value;
        const v = part.value.value;
        if (k === "" && v === "") continue;
        if (seen.has(k)) {
          ctx.page.push({ input: part.key, message: `Tag "${k}" is set more than once: only its last row is sent.` });
        }
        seen.add(k);
        put(tags, k, v);
        bind(ctx, childPath("tags", k), part.value);
        if (part.match.checked) {
          bind(ctx, `discriminateByTags[${discriminateByTags.length}]`, part.match);
          discriminateByTags.push(k);
        }
      }
      return { tags, discriminateByTags: discriminateByTags.length ? discriminateByTags : undefined };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Showing issues

/** The message without its leading path: "payload.text must be…" -> "must be…". */
function bareMessage({ path, message }) {
  let m = String(message ?? "");
  if (path && m.startsWith(path)) m = m.slice(path.length).replace(/^:?\s*/, "");
  return m === "" ? "is invalid" : m;
}

/** For a field's own issue slot: "Must be at least 1 character (got 0)." */
function shortMessage(issue) {
  const m = cap(bareMessage(issue));
  return /[.!?)]$/.test(m) ? m : `${m}.`;
}

/** For a list: `payload.items` then the message. */
function issueItem(issue) {
  return issue.path
    ? h("li", {}, h("code", { text: issue.path }), " ", bareMessage(issue))
    : h("li", {}, shortMessage(issue));
}

/** One form's issue display: inline next to inputs, the rest in the list above its button. */
function issueView(form, listId, summaryId) {
  const list = byId(listId);
  const summary = byId(summaryId);
  let marked = new Set();
  return function render(issues, ctx, { validText = "Valid: ready to send." } = {}) {
    for (const input of marked) {
      input.removeAttribute("aria-invalid");
      const base = input.dataset.describedby ?? "";
      if (base) input.setAttribute("aria-describedby", base);
      else input.removeAttribute("aria-describedby");
      const slot = byId(`${input.id}-issue`);
      if (slot) {
        slot.hidden = true;
        slot.textContent = "";
      }
    }
    marked = new Set();
    const inline = new Map();
    const general = [];
    const note = (input, text) => {
      if (!inline.has(input)) inline.set(input, []);
      inline.get(input).push(text);
    };
    for (const issue of issues) {
      const input = ctx.paths.get(issue.path);
      if (input && input.isConnected && byId(`${input.id}-issue`)) note(input, shortMessage(issue));
      else general.push(issue);
    }
    for (const { input, message } of ctx.page) note(input, message);
    for (const [input, texts] of inline) {
      const slot = byId(`${input.id}-issue`);
      slot.textContent = texts.join(" ");
      slot.hidden = false;
      input.setAttribute("aria-invalid", "true");
      const base = input.dataset.describedby ?? "";
      input.setAttribute("aria-describedby", base ? `${base} ${slot.id}` : slot.id);
      marked.add(input);
    }
    list.replaceChildren(...general.map(issueItem));
    list.hidden = general.length === 0;
    const n = issues.length + ctx.page.length;
    const text = n === 0 ? validText : `${n} ${n === 1 ? "issue" : "issues"}: the client refuses to send this body.`;
    if (summary.textContent !== text) summary.textContent = text;
    summary.classList.toggle("bad", n > 0);
    form.dataset.issues = String(n);
  };
}

// ---------------------------------------------------------------------------------------------
// The three forms

const optionsForm = byId("options-form");
const convForm = byId("conv-form");
const msgForm = byId("msg-form");
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
const msgConversationId = byId("msg-conversationId");

for (const input of document.querySelectorAll("input[id], select[id]")) {
  input.dataset.describedby = input.getAttribute("aria-describedby") ?? "";
}

const renderOptions = issueView(optionsForm, "options-issues", "options-summary");
const renderConv = issueView(convForm, "conv-issues", "conv-summary");
const renderMsg = issueView(msgForm, "msg-issues", "msg-summary");

const convTags = tagEditor(byId("conv-tags"), { title: "Tags", initial: [{ key: "room", value: "lobby" }] });
const msgTags = tagEditor(byId("msg-tags"), { title: "Message tags", initial: [{ key: "ref", value: "demo-1" }] });
const payload = kindSwitch(msgType, byId("msg-payload"), (kind) => payloadFields(kind));

function checkOptions() {
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

function checkConversation() {
  const ctx = newCtx();
  bind(ctx, "channel", convChannel);
  const { tags, discriminateByTags } = convTags.read(ctx);
  const body = { channel: convChannel.value, tags };
  if (discriminateByTags) body.discriminateByTags = discriminateByTags;
  renderConv(validateGetOrCreateConversation(body), ctx);
  return body;
}

function checkMessage() {
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

// ---------------------------------------------------------------------------------------------
// Sending and showing the result

const result = byId("result");
const resultStatus = byId("result-status");
const resultBadge = byId("result-badge");
const resultRequest = byId("result-request");
const resultJson = byId("result-json");
const resultError = byId("result-error");
const resultSent = byId("result-sent");
const resultBody = byId("result-body");
const history = byId("history");
const cancelButton = byId("cancel");
let pending = null;
let calls = 0;

const ENDPOINTS = {
  getOrCreateConversation: "/v1/chat/conversations/get-or-create",
  getOrCreateMessage: "/v1/chat/messages/get-or-create",
};

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

function showSuccess(op, out, ms) {
  const created = out?.meta?.created;
  const kind = created === true ? "created" : created === false ? "found" : "no meta";
  const record = out?.conversation ?? out?.message;
  setBadge(kind);
  resultError.hidden = true;
  resultError.replaceChildren();
  resultJson.hidden = false;
  resultJson.textContent = JSON.stringify(out, null, 2);
  const what = record?.id ?? "";
  resultStatus.textContent = `${op}: ${kind} ${what} in ${ms} ms.`;
  addHistory(kind, op, record?.type ? `${what} (${record.type})` : what, ms);
}

function showError(op, err, ms) {
  setBadge("error");
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

async function send(op, body, submitter) {
  if (pending) return;
  const { options } = checkOptions();
  const controller = new AbortController();
  pending = controller;
  cancelButton.disabled = false;
  result.setAttribute("aria-busy", "true");
  resultStatus.textContent = `${op}: sending…`;
  resultRequest.hidden = false;
  resultRequest.replaceChildren(h("code", { text: `POST ${String(options.baseUrl).replace(/\/+$/, "")}${ENDPOINTS[op]}` }));
  resultBody.textContent = JSON.stringify(body, null, 2);
  resultSent.hidden = false;
  const started = performance.now();
  let client = null;
  try {
    client = new Client(options);
    const out = await client[op](body, { signal: controller.signal });
    showSuccess(op, out, Math.round(performance.now() - started));
    if (op === "getOrCreateConversation" && typeof out?.conversation?.id === "string") {
      msgConversationId.value = out.conversation.id;
      byId("msg-conversationId-hint").textContent = `From the conversation ${out.meta?.created === false ? "found" : "created"} in step 2.`;
      checkMessage();
    }
  } catch (err) {
    showError(op, err, Math.round(performance.now() - started));
  } finally {
    client?.free();
    pending = null;
    const hadFocus = document.activeElement === cancelButton;
    cancelButton.disabled = true;
    if (hadFocus) submitter?.focus();
    result.removeAttribute("aria-busy");
    result.dataset.seq = String(++calls);
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

// ---------------------------------------------------------------------------------------------
// Start

opt.baseUrl.value = location.origin;
msgUserId.value = DEFAULT_USER_ID;
payload.show(msgType.value);
checkOptions();
checkConversation();
checkMessage();
for (const fs of document.querySelectorAll("fieldset.plain[disabled]")) fs.disabled = false;
byId("boot").hidden = true;
document.documentElement.dataset.ready = "true";
