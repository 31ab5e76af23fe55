// A route handler on the Node.js runtime (Next's default for route handlers).
import { ready, Client, validateGetOrCreateMessage, ApiError, ValidationError, BotpressError } from "botpress-chat-wasm";
import { settle } from "../../../lib/scenario.mjs";

export const dynamic = "force-dynamic";

export async function GET(request) {
  const emulator = new URL(request.url).searchParams.get("emulator");
  const pkg = { ready, Client, validateGetOrCreateMessage, ApiError, ValidationError, BotpressError };
  return Response.json(await settle(pkg, emulator, "next-node"));
}
