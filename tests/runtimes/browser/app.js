// A browser app as a user writes it: import the package by name, bundle it, call the API.
// The emulator's URL comes from the page's ?emulator= query. The result goes to #result and
// window.__result; #status says "done" or "error".
import * as pkg from "botpress-chat-wasm";
import { settle } from "../shared/scenario.mjs";

const status = document.getElementById("status");
try {
  const emulator = new URL(location.href).searchParams.get("emulator");
  const out = await settle(pkg, emulator, "chromium");
  window.__result = out;
  document.getElementById("result").textContent = JSON.stringify(out);
  status.textContent = "done";
} catch (e) {
  status.textContent = "error: " + (e && e.message);
  throw e;
}
