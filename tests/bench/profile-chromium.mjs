// Where a call's time goes in Chromium: a CPU profile taken over the DevTools protocol while a
// page runs getOrCreateMessage in a loop (canned fetch, the package loaded unbundled through its
// browser entry), after a warm-up. Prints µs per call by frame (self time). Not part of
// `make bench` (it explains figure 3). Wasm frames are named when the build keeps its names:
// `make pkg-names`, then --pkg target/pkg-names. Usage:
//   node tests/bench/profile-chromium.mjs [--pkg <dir>] [--carousel] [--ms 4000] [--top 30]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openPage } from "./chromium-page.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const args = process.argv.slice(2);
const option = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const pkg = path.resolve(option("--pkg", path.join(ROOT, "pkg")));
const body = args.includes("--carousel") ? "carouselBody" : "textBody";
const ms = Number(option("--ms", 4000));
const top = Number(option("--top", 30));

const page = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module">
import * as ours from "/pkg/entry/browser.js";
import { BOT_ID, TOKEN, cannedFetch, carouselBody, messageResponseText, textBody } from "/bench/common.mjs";
await ours.ready;
const client = new ours.Client({ token: TOKEN, botId: BOT_ID, fetch: cannedFetch(messageResponseText(${body})) });
window.run = async (ms) => {
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) await client.getOrCreateMessage(${body});
    n += 50;
  }
  return n;
};
window.__ready = true;
</script>`;

await openPage(
  (url) => {
    if (url === "/") return { html: page };
    if (url.startsWith("/pkg/")) return path.join(pkg, url.slice(5));
    if (/^\/bench\/[\w.-]+$/.test(url)) return path.join(HERE, url.slice(7));
    return null;
  },
  async (tab) => {
    await tab.waitForFunction(() => window.__ready === true, null, { timeout: 60_000 });
    await tab.evaluate((t) => window.run(t), 1500); // warm-up: tiered up, steady state
    const cdp = await tab.context().newCDPSession(tab);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
    await cdp.send("Profiler.start");
    const calls = await tab.evaluate((t) => window.run(t), ms);
    const { profile } = await cdp.send("Profiler.stop");

    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    let total = 0;
    profile.samples.forEach((id, i) => {
      const cf = byId.get(id).callFrame;
      const where = cf.url.startsWith("wasm") || cf.url.endsWith(".wasm") ? "wasm" : `${cf.url.split("/").pop() || "(native)"}:${cf.lineNumber + 1}`;
      const name = `${(cf.functionName || "(anonymous)").replace(/::h[0-9a-f]{16}/g, "")}  ${where}`;
      const dt = profile.timeDeltas[i] ?? 0;
      self.set(name, (self.get(name) ?? 0) + dt);
      total += dt;
    });
    console.log(`Chromium profile, ${body}, ${calls} calls: ${(total / calls).toFixed(1)} µs per call sampled (gross: the canned fetch's Response included)`);
    for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${(us / calls).toFixed(2).padStart(7)} µs  ${name}`);
    }
  },
);
