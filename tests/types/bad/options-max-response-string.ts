// expect: TS2322
// maxResponseBytes is a number of bytes, not a size string.
import { Client } from "botpress-chat-wasm";

new Client({ token: "t", botId: "b", maxResponseBytes: "8mb" });
