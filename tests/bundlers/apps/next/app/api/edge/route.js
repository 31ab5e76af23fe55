// A route handler on the edge runtime: the package through the edge conditions.
import { ready, Client, validateGetOrCreateMessage, ApiError, ValidationError, BotpressError } from "botpress-chat-wasm";
import { settle } from "../../../lib/scenario.mjs";

export const runtime = "edge";
export const dynamic = "force-dynamic";

export async function GET(request) {
  const emulator = new URL(request.url).searchParams.get("emulator");
  const pkg = { ready, Client, validateGetOrCreateMessage, ApiError, ValidationError, BotpressError };
  return Response.json(await settle(pkg, emulator, "next-edge"));
}
