// Node, ESM: `import` the package by name. Usage: node esm.mjs <emulator-url>
import * as pkg from "botpress-chat-wasm";
import { settle } from "../shared/scenario.mjs";

const out = await settle(pkg, process.argv[2], "node-esm");
out.resolved = import.meta.resolve("botpress-chat-wasm");
console.log(JSON.stringify(out));
