// The same app when the .wasm cannot be loaded: the import must still succeed, `ready` must
// reject with an Error naming the URL, and every export must fail with that same error.
import * as pkg from "botpress-chat-wasm";

const out = {};
let loadError;
try {
  await pkg.ready;
  out.ready = "resolved";
} catch (e) {
  loadError = e;
  out.ready = { isError: e instanceof Error, message: e.message, code: e.code, url: e.url, hasCause: e.cause !== undefined };
}
const same = (e) => (e === loadError ? "same error" : `other: ${e && e.message}`);
try {
  new pkg.Client({ token: "t", botId: "b" });
  out.construct = "returned";
} catch (e) {
  out.construct = same(e);
}
try {
  await pkg.getOrCreateConversation({ token: "t", botId: "b" }, { channel: "c", tags: {} });
  out.call = "resolved";
} catch (e) {
  out.call = same(e);
}
try {
  pkg.validateGetOrCreateMessage({});
  out.validate = "returned";
} catch (e) {
  out.validate = same(e);
}
// Give any unhandled rejection time to be reported before the page says it is done.
await new Promise((resolve) => setTimeout(resolve, 100));
window.__result = out;
document.getElementById("result").textContent = JSON.stringify(out);
document.getElementById("status").textContent = "done";
