// Showing the validator's issues: next to the input that produced them, the rest in a list.
import { byId, cap, h } from "./dom.js";

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
export function issueItem(issue) {
  return issue.path
    ? h("li", {}, h("code", { text: issue.path }), " ", bareMessage(issue))
    : h("li", {}, shortMessage(issue));
}

/** One form's issue display: inline next to inputs, the rest in the list above its button. */
export function issueView(form, listId, summaryId) {
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
