// The conversation view: the messages of the current conversation, in order, each rendered by its
// kind as a chat shows it, with its created / found badge, its time and its JSON one toggle away.
//
// The client has no "list messages" call, so the view holds what this page got or created, per
// conversation. Everything that comes from the server is set with textContent or as an attribute
// value; URLs are used only when they are http(s), so a payload cannot inject markup or a
// javascript: link.
import { h, uid } from "./dom.js";

/** An http(s) URL resolved against the page, or null for anything else (javascript:, data:, junk). */
export function safeUrl(raw) {
  if (typeof raw !== "string" || raw.trim() === "") return null;
  try {
    const url = new URL(raw, document.baseURI);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

const str = (v) => (typeof v === "string" ? v : v == null ? "" : String(v));

/** The last path segment of a URL, for a media or file without a title. */
function fileName(url) {
  try {
    const name = decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "");
    return name || new URL(url).host;
  } catch {
    return str(url);
  }
}

/** An <img>, <audio> or <video> that says so when its URL cannot be loaded. */
function media(tag, url, attrs) {
  const el = h(tag, { ...attrs, src: url });
  el.addEventListener(
    "error",
    () => {
      el.closest(".media")?.append(h("p", { class: "media-error", text: `Could not load ${url}` }));
    },
    { once: true },
  );
  return el;
}

function unusable(what, raw) {
  return h("p", { class: "bubble unknown", text: `${what}: ${str(raw) || "(empty)"} is not an http(s) URL.` });
}

function image(p) {
  const url = safeUrl(p.imageUrl);
  if (!url) return unusable("Image", p.imageUrl);
  const title = str(p.title);
  return h(
    "figure",
    { class: "media image" },
    media("img", url, { alt: title || `Image ${fileName(url)}`, decoding: "async" }),
    title ? h("figcaption", { text: title }) : null,
  );
}

function player(tag, key, noun) {
  return (p) => {
    const url = safeUrl(p[key]);
    if (!url) return unusable(noun, p[key]);
    const title = str(p.title);
    const name = title || fileName(url);
    return h(
      "figure",
      { class: `media ${tag}` },
      media(tag, url, { controls: true, preload: "metadata", playsinline: tag === "video", "aria-label": `${noun}: ${name}` }),
      h("figcaption", { text: name }),
    );
  };
}

function file(p) {
  const url = safeUrl(p.fileUrl);
  if (!url) return unusable("File", p.fileUrl);
  const name = fileName(url);
  const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]?.toUpperCase() ?? "FILE";
  return h(
    "div",
    { class: "file" },
    h("span", { class: "file-icon", "aria-hidden": "true", text: ext }),
    h(
      "span",
      { class: "file-text" },
      h("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: str(p.title) || name }),
      h("span", { class: "file-meta", text: `${name} · ${new URL(url).host}` }),
    ),
  );
}

/** 45.5019° N, 73.5674° W */
function coordinates(lat, lon) {
  const part = (v, pos, neg) => `${Math.abs(v).toFixed(4)}° ${v >= 0 ? pos : neg}`;
  return `${part(lat, "N", "S")}, ${part(lon, "E", "W")}`;
}

function location(p) {
  const lat = p.latitude;
  const lon = p.longitude;
  const valid = Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  const title = str(p.title);
  const address = str(p.address);
  const map = valid
    ? h("a", {
        href: `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`,
        target: "_blank",
        rel: "noopener noreferrer",
        text: "Open in OpenStreetMap",
      })
    : null;
  return h(
    "div",
    { class: "location" },
    h("span", { class: "pin", "aria-hidden": "true" }),
    h(
      "div",
      {},
      title ? h("p", { class: "loc-title", text: title }) : null,
      address ? h("p", { class: "loc-address", text: address }) : null,
      h("p", { class: "coords", text: valid ? coordinates(lat, lon) : `${str(lat)}, ${str(lon)} (not valid coordinates)` }),
      map,
    ),
  );
}

/** A card action: postback and say as buttons that prepare a reply, url as a link. */
function action(a, onReply) {
  const label = str(a?.label) || "(no label)";
  const kind = str(a?.action);
  if (kind === "url") {
    const url = safeUrl(a?.value);
    return url
      ? h("a", { class: "action", href: url, target: "_blank", rel: "noopener noreferrer", text: label })
      : h("button", { type: "button", class: "action", disabled: true, title: "Not an http(s) URL", text: label });
  }
  const button = h("button", { type: "button", class: "action", "data-action": kind, text: label });
  button.addEventListener("click", () => onReply(str(a?.value), button));
  return button;
}

function card(p, onReply) {
  const titleId = uid();
  const url = safeUrl(p.imageUrl);
  const actions = Array.isArray(p.actions) ? p.actions : [];
  return h(
    "div",
    { class: "card media", role: "group", "aria-labelledby": titleId },
    url ? media("img", url, { alt: "", class: "card-img", decoding: "async" }) : null,
    h(
      "div",
      { class: "card-body" },
      h("p", { class: "card-title", id: titleId, text: str(p.title) || "(no title)" }),
      p.subtitle ? h("p", { class: "card-sub", text: str(p.subtitle) }) : null,
    ),
    actions.length ? h("div", { class: "card-actions" }, actions.map((a) => action(a, onReply))) : null,
  );
}

function carousel(p, onReply) {
  const items = Array.isArray(p.items) ? p.items : [];
  return h(
    "ul",
    { class: "carousel", tabindex: "0", "aria-label": `Carousel of ${items.length} ${items.length === 1 ? "card" : "cards"}` },
    items.map((item) => h("li", {}, card(item ?? {}, onReply))),
  );
}

/** choice and dropdown: the question, then its options as quick-reply buttons. */
function quickReplies(p, onReply) {
  const text = str(p.text);
  const options = Array.isArray(p.options) ? p.options : [];
  return h(
    "div",
    { class: "replies-wrap" },
    h("p", { class: "bubble", text }),
    h(
      "div",
      { class: "replies", role: "group", "aria-label": `Replies to: ${text}` },
      options.map((o) => {
        const b = h("button", { type: "button", class: "reply", text: str(o?.label) || "(no label)" });
        b.addEventListener("click", () => onReply(str(o?.value), b));
        return b;
      }),
    ),
  );
}

function bloc(p, onReply) {
  const items = Array.isArray(p.items) ? p.items : [];
  return h(
    "ol",
    { class: "bloc", "aria-label": `Bloc of ${items.length} ${items.length === 1 ? "item" : "items"}` },
    items.map((item) => h("li", { "data-kind": str(item?.type) }, render(str(item?.type), item?.payload, onReply))),
  );
}

const RENDERERS = {
  text: (p) => h("p", { class: "bubble", text: str(p.text) }),
  // Deprecated by Botpress in favour of text; shown as its source, never parsed into HTML.
  markdown: (p) => h("p", { class: "bubble markdown", text: str(p.markdown) }),
  image,
  audio: player("audio", "audioUrl", "Audio"),
  video: player("video", "videoUrl", "Video"),
  file,
  location,
  card,
  carousel,
  choice: quickReplies,
  dropdown: quickReplies,
  bloc,
};

/** One payload as a chat shows it; an unknown kind says so (its JSON is one toggle away). */
export function render(type, payload, onReply) {
  const p = payload && typeof payload === "object" ? payload : {};
  const fn = Object.hasOwn(RENDERERS, type) ? RENDERERS[type] : null;
  return fn ? fn(p, onReply) : h("p", { class: "bubble unknown", text: `No view for the "${type}" kind: see its JSON.` });
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

function when(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? h("span", { text: str(iso) }) : h("time", { datetime: d.toISOString(), title: d.toString(), text: timeFormat.format(d) });
}

/**
 * The view. `onReply(text, button)` is called when a visitor presses a quick reply or a postback /
 * say action. `show(conversationId)` switches conversations; `add(output)` takes what
 * getOrCreateMessage returned.
 */
export function conversationView({ log, heading, onReply }) {
  // conversation id -> Map(message id -> { message, li }); the elements are kept, so a player
  // keeps its state and an image is not fetched again when the list changes.
  const conversations = new Map();
  let current = null; // nothing painted yet

  function item(message, outcome) {
    const kind = str(message.type);
    const unknown = !Object.hasOwn(RENDERERS, kind);
    const badge = h("span", { "data-testid": "msg-badge" });
    const json = h("pre", { class: "json", tabindex: "0", "aria-label": `The ${kind} message (JSON)` });
    const article = h(
      "article",
      { class: "msg", "aria-label": `${kind} message` },
      h("p", { class: "msg-meta" }, h("span", { class: "msg-kind", text: kind }), badge, when(message.createdAt)),
      h("div", { class: "msg-body" }, render(kind, message.payload, onReply)),
      h("details", { class: "msg-json", open: unknown }, h("summary", {}, "JSON", h("span", { class: "sr-only", text: ` of the ${kind} message` })), json),
    );
    const li = h("li", { "data-id": str(message.id), "data-kind": kind, "data-testid": `msg:${kind}` }, article);
    // The highlight plays once: re-inserting the element (switching back to this conversation)
    // would otherwise replay it.
    li.addEventListener("animationend", () => li.classList.remove("fresh"));
    const entry = { message, li, badge, json };
    update(entry, message, outcome);
    return entry;
  }

  /** The latest outcome and JSON; the rendering stays (a message found again is the same message). */
  function update(entry, message, outcome) {
    entry.message = message;
    entry.badge.className = `badge ${outcome.replace(/\s+/g, "-")}`;
    entry.badge.textContent = outcome;
    entry.json.textContent = JSON.stringify(message, null, 2);
  }

  const key = (m) => `${str(m.createdAt)} ${str(m.id)}`;

  function paint() {
    const entries = [...(conversations.get(current)?.values() ?? [])].sort((a, b) => (key(a.message) < key(b.message) ? -1 : 1));
    const n = entries.length;
    if (!current) heading.textContent = "No conversation yet: get or create one in step 2.";
    else heading.replaceChildren(h("code", { text: current }), ` · ${n} ${n === 1 ? "message" : "messages"}`);
    if (n === 0) {
      log.replaceChildren(h("li", { class: "empty", text: "The messages you get or create in step 3 appear here, in order, as a chat shows them." }));
      return;
    }
    // Moves only what is out of place, so the elements already shown stay put.
    log.querySelector(":scope > .empty")?.remove();
    entries.forEach(({ li }, i) => {
      if (log.children[i] !== li) log.insertBefore(li, log.children[i] ?? null);
    });
    while (log.children.length > n) log.lastElementChild.remove();
  }

  /** Scrolls the log (not the page) so that `li` is in view, and marks it for a moment. */
  function reveal(li) {
    const top = li.offsetTop - log.offsetTop;
    const bottom = top + li.offsetHeight;
    if (bottom > log.scrollTop + log.clientHeight) log.scrollTop = Math.max(top, bottom - log.clientHeight);
    else if (top < log.scrollTop) log.scrollTop = top;
    li.classList.remove("fresh");
    void li.offsetWidth; // restarts the highlight when the same message comes back
    li.classList.add("fresh");
  }

  return {
    show(conversationId) {
      if (conversationId === current) return;
      current = conversationId;
      log.replaceChildren();
      paint();
    },
    add(out) {
      const message = out?.message;
      if (!message || typeof message !== "object") return;
      const created = out?.meta?.created;
      const outcome = created === true ? "created" : created === false ? "found" : "no meta";
      const conv = str(message.conversationId);
      const id = str(message.id);
      if (!conversations.has(conv)) conversations.set(conv, new Map());
      const messages = conversations.get(conv);
      const entry = messages.get(id);
      if (entry) update(entry, message, outcome);
      else messages.set(id, item(message, outcome));
      if (conv !== current) return;
      paint();
      reveal(messages.get(id).li);
    },
  };
}
