// A Cloudflare module worker: imports "botpress-chat-wasm" by name (the exports map's
// "workerd" condition, entry/workerd.js, which imports the .wasm as a WebAssembly.Module) and,
// on each request, runs the shared calls against the emulator named by the EMULATOR_URL
// binding, answering with their JSON result.
import * as pkg from "botpress-chat-wasm";
import { settle } from "../shared/scenario.mjs";

export default {
  async fetch(request, env) {
    return Response.json(await settle(pkg, env.EMULATOR_URL, "workerd"));
  },
};
