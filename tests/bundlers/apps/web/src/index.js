// A browser app as a user writes it: import the package by name, build it, call the API. The
// emulator's URL and the app's name come from the page's query (?emulator=…&runtime=…). The
// result goes to #result and window.__result; #status says "done" or "error: …".
// Named imports, as the README writes them: a bundler that skips the package's entry module
// (it re-exports) must still run its initialisation.
import { ready, Client, validateGetOrCreateMessage, ApiError, ValidationError, BotpressError } from "botpress-chat-wasm";
import { settle } from "./scenario.mjs";

const status = document.getElementById("status");
try {
  const query = new URL(location.href).searchParams;
  const pkg = { ready, Client, validateGetOrCreateMessage, ApiError, ValidationError, BotpressError };
  const out = await settle(pkg, query.get("emulator"), query.get("runtime"));
  window.__result = out;
  document.getElementById("result").textContent = JSON.stringify(out);
  status.textContent = "done";
} catch (e) {
  status.textContent = "error: " + (e && e.message);
  throw e;
}
