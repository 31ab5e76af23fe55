// The payload editors: one form per message kind, editable lists (cards, actions, options, bloc
// items, tags), and the reading of those forms into a request body.
import { cap, field, h, structureChanged } from "./dom.js";

const BLOC_KINDS = ["text", "image", "audio", "video", "file", "location", "markdown"];
const CARD_ACTIONS = ["postback", "url", "say"];

// Fields of the flat payload kinds. mode: "req" is always sent (an empty string included, so the
// validator reports it), "opt" is left out when empty, "num" is a number left out when empty.
const FLAT = {
  text: [{ key: "text", label: "Text", mode: "req" }],
  markdown: [{ key: "markdown", label: "Markdown", mode: "req" }],
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

// Sample media shipped in www/media/ and served beside this page (by the emulator with `make demo`),
// so every sample renders offline. Absolute URLs, as a chat client elsewhere would need them.
const media = (name) => new URL(`media/${name}`, document.baseURI).href;

// What each kind starts with, so the first send works and shows the shape.
const SAMPLES = {
  text: { text: "Hello from botpress-chat-wasm!" },
  markdown: { markdown: "**Markdown** is deprecated by Botpress: this page shows its *source* as text." },
  image: { imageUrl: media("photo.png"), title: "A lake at sunset" },
  audio: { audioUrl: media("chime.wav"), title: "Chime" },
  video: { videoUrl: media("clip.webm"), title: "Bouncing ball" },
  file: { fileUrl: media("notes.pdf"), title: "Release notes" },
  location: { latitude: 45.5019, longitude: -73.5674, address: "Montréal, QC", title: "Meeting point" },
  card: {
    title: "botpress-chat-wasm",
    subtitle: "Rust compiled to WebAssembly",
    imageUrl: media("card.svg"),
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
        imageUrl: media("starter.svg"),
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
      { type: "image", payload: { imageUrl: media("photo.png"), title: "The lake" } },
      { type: "location", payload: { latitude: 45.5019, longitude: -73.5674, title: "Meeting point" } },
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// Reading the forms. A read walks the inputs, builds the body and records, in ctx.paths, which
// input produced each JSON path (`payload.items[1].actions[0].label` -> that label input), so the
// validator's issues land next to their field. ctx.page holds the page's own notes (duplicates).

export function newCtx() {
  return { paths: new Map(), page: [] };
}

export function bind(ctx, path, input) {
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
export function kindSwitch(select, holder, build) {
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

export function payloadFields(kind) {
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
export function tagEditor(container, { title, initial }) {
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
    /** Sets the value of the row named `key`; false when there is no such row. */
    setValue(key, value) {
      const row = list.items.find(({ part }) => part.key.value === key);
      if (row) row.part.value.value = value;
      return Boolean(row);
    },
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
