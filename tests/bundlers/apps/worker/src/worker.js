// A Cloudflare module worker, as a user writes it: named imports from "botpress-chat-wasm"
// (wrangler picks the exports map's "workerd" condition and keeps the .wasm a separate
// CompiledWasm module). Each request runs the shared calls against the emulator named by the
// request's ?emulator= and answers with their JSON result.
import { ready, Client, validateGetOrCreateMessage, ApiError, ValidationError, BotpressError } from "botpress-chat-wasm";
import { settle } from "./scenario.mjs";

export default {
  async fetch(request) {
    const emulator = new URL(request.url).searchParams.get("emulator");
    const pkg = { ready, Client, validateGetOrCreateMessage, ApiError, ValidationError, BotpressError };
    return Response.json(await settle(pkg, emulator, "wrangler"));
  },
};
