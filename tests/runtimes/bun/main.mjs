// Bun: import the package by name; the exports map's "bun" condition sends `import` to
// entry/node.mjs and `require` to entry/node.cjs (wasm-bindgen's nodejs glue, one instance).
// Usage: bun main.mjs <emulator-url>
import { createRequire } from "node:module";
import * as pkg from "botpress-chat-wasm";
import { settle } from "../shared/scenario.mjs";

const require = createRequire(import.meta.url);
const out = await settle(pkg, process.argv[2], "bun");
out.resolved = import.meta.resolve("botpress-chat-wasm");
out.resolvedRequire = require.resolve("botpress-chat-wasm");
out.sameInstance = require("botpress-chat-wasm").Client === pkg.Client;
console.log(JSON.stringify(out));
