// Deno: import the package by name from node_modules ("manual" node_modules mode), which must
// pick the exports map's "deno" condition (entry/deno.js).
// Usage: deno run --node-modules-dir=manual --allow-read=<package dir> --allow-net=127.0.0.1:<port> main.mjs <emulator-url>
import * as pkg from "botpress-chat-wasm";
import { settle } from "../shared/scenario.mjs";

const out = await settle(pkg, Deno.args[0], "deno");
out.resolved = import.meta.resolve("botpress-chat-wasm");
console.log(JSON.stringify(out));
