// Several builds of this package side by side in one runtime, for before/after figures across
// commits (compare-core.mjs: interleaved batches, medians, paired ratios to the first build).
// A pkg dir is what `make pkg` assembles, e.g. a copy of pkg/ built at an older commit.
//   node      each build's entry/node.mjs, in this process
//   chromium  each build's entry/browser.js, unbundled, in one page of headless Chromium
//   workerd   each build's entry/workerd.js, bundled like wrangler into one worker (miniflare)
// Usage: node tests/bench/compare.mjs [--runtime node|chromium|workerd] [--rounds 30] <pkg dir>…
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runWorker } from "./coldstart-workerd.mjs";
import { compare } from "./compare-core.mjs";
import { runPage } from "./chromium-page.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const args = process.argv.slice(2);
const option = (name, dflt) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : dflt;
};
const runtime = option("--runtime", "node");
const options = { rounds: Number(option("--rounds", 30)) };
const names = args;
const dirs = args.map((d) => path.resolve(d));
if (dirs.length === 0 || !["node", "chromium", "workerd"].includes(runtime)) {
  throw new Error("usage: node tests/bench/compare.mjs [--runtime node|chromium|workerd] [--rounds 30] <pkg dir>…");
}

async function inNode() {
  const builds = [];
  for (const d of dirs) {
    const m = await import(pathToFileURL(path.join(d, "entry", "node.mjs")).href);
    await m.ready;
    builds.push(m);
  }
  return compare(builds, options);
}

async function inChromium() {
  const page = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module">
import { compare } from "/bench/compare-core.mjs";
${dirs.map((_, i) => `import * as b${i} from "/p${i}/entry/browser.js";`).join("\n")}
const builds = [${dirs.map((_, i) => `b${i}`).join(", ")}];
Promise.all(builds.map((b) => b.ready)).then(() => compare(builds, ${JSON.stringify(options)})).then(
  (r) => (window.__compare = { ok: true, r }),
  (e) => (window.__compare = { ok: false, error: String((e && e.stack) || e) }),
);
</script>`;
  // Each build under its own path, so its glue finds its .wasm beside itself.
  const { result } = await runPage(
    (url) => {
      if (url === "/") return { html: page };
      const build = /^\/p(\d+)\/(.+)$/.exec(url);
      const bench = /^\/bench\/([\w.-]+)$/.exec(url);
      return build ? path.join(dirs[Number(build[1])] ?? "", build[2]) : bench ? path.join(HERE, bench[1]) : null;
    },
    "__compare",
    600_000,
  );
  return result.r;
}

function inWorkerd() {
  return runWorker(
    "compare-workerd",
    `import { compare } from ${JSON.stringify(path.join(HERE, "compare-core.mjs"))};
${dirs.map((d, i) => `import * as b${i} from ${JSON.stringify(path.join(d, "entry", "workerd.js"))};`).join("\n")}
export default {
  async fetch() {
    return Response.json(await compare([${dirs.map((_, i) => `b${i}`).join(", ")}], ${JSON.stringify(options)}));
  },
};
`,
    ROOT,
  );
}

const result = await { node: inNode, chromium: inChromium, workerd: inWorkerd }[runtime]();
console.log(`${runtime}: µs per call (median of ${options.rounds} interleaved batches per build; ratio = median of per-round ratios to the first build)`);
for (const [label, rows] of Object.entries(result)) {
  rows.forEach((row, i) => console.log([label.padEnd(8), names[i], row.us.toFixed(2), row.ratioToFirst ?? "—"].join(" | ")));
}
