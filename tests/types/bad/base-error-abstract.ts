// expect: TS2511
// BotpressError is only a base class.
import { BotpressError } from "botpress-chat-wasm";

throw new BotpressError("boom");
