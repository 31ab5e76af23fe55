// Small DOM helpers shared by the demo's modules.

export const byId = (id) => document.getElementById(id);
let nextId = 0;
export const uid = () => `f${++nextId}`;

/** Creates an element: attributes (booleans as presence), then children (strings become text). */
export function h(tag, attrs = {}, ...children) {
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
export function field({ label, type = "text", value = "", options, check = false }) {
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
export function structureChanged(el) {
  el.dispatchEvent(new Event("structure", { bubbles: true }));
}

export const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
