// Builds of this package side by side, for before/after figures across commits: the same
// calls through each build, in short batches interleaved build by build (the order rotating
// each round), so that a shared machine's drift hits all builds alike. Web APIs only, so
// compare.mjs runs it in Node, in a Chromium page and in a workerd worker.
//   text, carousel  await client.getOrCreateMessage(body), an injected fetch answering with a
//                   new Response (gross: the fake transport included, the same for every build)
//   validate        validateGetOrCreateMessage(carousel), synchronous
// Per build the median µs per call; per build after the first, the median of its per-round
// ratios to the first build (steadier than a ratio of medians).
import { BOT_ID, TOKEN, carouselBody, median, messageResponseText, textBody } from "./common.mjs";

async function batch(fn, n, sync) {
  const t0 = performance.now();
  if (sync) for (let i = 0; i < n; i++) fn();
  else for (let i = 0; i < n; i++) await fn();
  return ((performance.now() - t0) * 1000) / n;
}

/**
 * @param {Array<{ Client: any, validateGetOrCreateMessage: any }>} builds each build's exports
 * @param {{ rounds?: number, calls?: number }} options batches per build, calls per batch
 */
export async function compare(builds, { rounds = 30, calls = 300 } = {}) {
  const cases = [];
  for (const [label, body] of [["text", textBody], ["carousel", carouselBody]]) {
    const text = messageResponseText(body);
    const fetch = async () => new Response(text, { status: 200, headers: { "content-type": "application/json" } });
    cases.push([label, builds.map((b) => new b.Client({ token: TOKEN, botId: BOT_ID, fetch })).map((c) => () => c.getOrCreateMessage(body)), false]);
  }
  cases.push(["validate", builds.map((b) => () => b.validateGetOrCreateMessage(carouselBody)), true]);
  const out = {};
  for (const [label, fns, sync] of cases) {
    for (const fn of fns) for (let w = 0; w < 5; w++) await batch(fn, calls, sync);
    const us = fns.map(() => []);
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < fns.length; i++) {
        const j = (i + r) % fns.length;
        us[j].push(await batch(fns[j], sync ? calls * 4 : calls, sync));
      }
    }
    out[label] = us.map((u, j) => ({
      us: +median(u).toFixed(2),
      ...(j > 0 && { ratioToFirst: +median(u.map((x, r) => x / us[0][r])).toFixed(3) }),
    }));
  }
  return out;
}
