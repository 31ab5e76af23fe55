// Figure 3 in workerd: the per-call measurement of percall-core.mjs inside one Cloudflare module
// worker run by miniflare, both clients in the same worker (interleaved in one run). The worker is
// bundled the way wrangler does it (coldstart-workerd.mjs's bundleWorker). workerd's clocks have 1 ms resolution here, so batches are ~120 ms.
// Prints one JSON object. Usage: node tests/bench/percall-workerd.mjs [--batches 9] [--batch-ms 120]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runWorker } from "./coldstart-workerd.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const options = { batches: arg("--batches", 9), batchMs: arg("--batch-ms", 120), warmupMs: arg("--warmup-ms", 400) };

const answer = await runWorker(
  "percall-workerd",
  `import { Client, validateGetOrCreateMessage } from "botpress-chat-wasm";
import { Client as OfficialClient } from "@botpress/client";
import { percall } from ${JSON.stringify(path.join(HERE, "percall-core.mjs"))};
export default {
  async fetch() {
    return Response.json(await percall({ Client, OfficialClient, validateGetOrCreateMessage }, ${JSON.stringify(options)}));
  },
};
`,
  ROOT,
);
console.log(JSON.stringify({ runtime: "workerd", ...answer }));
