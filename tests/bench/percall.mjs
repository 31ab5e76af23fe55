// Figure 3 in Node: CPU per call without a network (see percall-core.mjs for what is measured).
// Prints one JSON object. Usage: node tests/bench/percall.mjs [--batches 9] [--batch-ms 120]
// [--only-ours] (for `node --cpu-prof`: just our client) [--pkg <dir>] (another build than pkg/)
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Client as OfficialClient } from "@botpress/client";
import { percall } from "./percall-core.mjs";

const pkgAt = process.argv.indexOf("--pkg");
const { Client, validateGetOrCreateMessage } = await import(
  pkgAt >= 0 ? pathToFileURL(path.resolve(process.argv[pkgAt + 1], "entry", "node.mjs")).href : "botpress-chat-wasm"
);

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const out = await percall(
  { Client, OfficialClient, validateGetOrCreateMessage },
  { batches: arg("--batches", 9), batchMs: arg("--batch-ms", 120), warmupMs: arg("--warmup-ms", 400), onlyOurs: process.argv.includes("--only-ours") },
);
console.log(JSON.stringify({ runtime: "node", ...out }));
