"use strict";
// Node, CommonJS: `require` the package by name. Usage: node cjs.cjs <emulator-url>
const pkg = require("botpress-chat-wasm");

(async () => {
  const { settle } = await import("../shared/scenario.mjs");
  const out = await settle(pkg, process.argv[2], "node-cjs");
  out.resolved = require.resolve("botpress-chat-wasm");
  console.log(JSON.stringify(out));
})();
