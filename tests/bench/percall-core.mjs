// Per-call CPU without a network, for one runtime: the measuring half of figure 3, written with
// web APIs only (performance.now, Response), so the same code runs in Node (percall.mjs), in a
// Chromium page (percall-chromium.mjs) and in a workerd worker (percall-workerd.mjs). For a
// typical text message and a carousel of 10 cards x 3 actions, microseconds per call of:
//   floor     JSON.stringify(body) + JSON.parse(responseText), synchronous
//   fake      the injected fetch alone: new Response(text, …) per call + await res.text()
//             (what this package's transport does with the Response it gets)
//   ours      await client.getOrCreateMessage(body) with that fetch injected (validate + encode
//             + decode + per-attempt AbortController/timer); net = ours - fake
//   adapter   a canned axios adapter alone (returns the text; axios JSON-parses it)
//   official  await officialClient.getOrCreateMessage(body) with that adapter; net = official - adapter
//   validate  validateGetOrCreateMessage(body) alone, synchronous (issue 12: ≤ 2× stringify)
//   stringify JSON.stringify(body) alone, synchronous
// Each is warmed up, then timed in batches of ~batchMs, the contenders interleaved batch by
// batch; the figure is the median batch.
import { BOT_ID, MESSAGE_PATH, TOKEN, cannedAxiosAdapter, cannedFetch, carouselBody, median, messageResponseText, textBody, useCannedAdapter } from "./common.mjs";

async function timeBatch(fn, n) {
  const t0 = performance.now();
  if (fn.sync) for (let i = 0; i < n; i++) fn();
  else for (let i = 0; i < n; i++) await fn();
  return ((performance.now() - t0) * 1000) / n; // µs per call
}

/** Calls per batch so that one batch takes about `ms`. */
async function calibrate(fn, ms) {
  let n = 64;
  for (;;) {
    const us = await timeBatch(fn, n);
    if (us * n >= ms * 250) return Math.max(16, Math.round((ms * 1000) / us));
    n *= 4;
  }
}

async function measure(contenders, { batches: BATCHES, batchMs: BATCH_MS, warmupMs: WARMUP_MS }) {
  const names = Object.keys(contenders);
  const sizes = {};
  for (const name of names) {
    const fn = contenders[name];
    const t0 = performance.now();
    while (performance.now() - t0 < WARMUP_MS) await timeBatch(fn, 64);
    await calibrate(fn, BATCH_MS); // the first estimate can still include optimisation
    sizes[name] = await calibrate(fn, BATCH_MS);
  }
  const runs = Object.fromEntries(names.map((n) => [n, []]));
  for (let b = 0; b < BATCHES; b++) {
    for (const name of names) runs[name].push(await timeBatch(contenders[name], sizes[name]));
  }
  return Object.fromEntries(names.map((n) => [n, { us: median(runs[n]), batches: runs[n].map((x) => +x.toFixed(3)), callsPerBatch: sizes[n] }]));
}

/**
 * @param {{ Client: any, OfficialClient?: any, validateGetOrCreateMessage?: any }} clients this
 *   package's Client and validate function, and @botpress/client's Client
 * @param {{ batches?: number, batchMs?: number, warmupMs?: number, onlyOurs?: boolean }} options
 */
export async function percall({ Client, OfficialClient, validateGetOrCreateMessage }, { batches = 9, batchMs = 120, warmupMs = 400, onlyOurs = false } = {}) {
  const config = { batches, batchMs, warmupMs };
  const out = {};
  for (const [label, body] of [["text", textBody], ["carousel10x3", carouselBody]]) {
    const text = messageResponseText(body);
    const fake = cannedFetch(text);
    const adapter = cannedAxiosAdapter(text);
    const ours = new Client({ token: TOKEN, botId: BOT_ID, fetch: fake });
    const official = onlyOurs ? null : useCannedAdapter(new OfficialClient({ token: TOKEN, botId: BOT_ID }), text);

    // Both clients must give back the server's message, unchanged.
    const expected = JSON.parse(text);
    const answers = [["ours", await ours.getOrCreateMessage(body)]];
    if (official) answers.push(["official", await official.getOrCreateMessage(body)]);
    for (const [who, got] of answers) {
      if (JSON.stringify(got.message) !== JSON.stringify(expected.message)) throw new Error(`${who} did not return the canned message for ${label}`);
    }

    const init = { method: "POST", headers: {}, body: "" };
    const contenders = onlyOurs
      ? { ours: () => ours.getOrCreateMessage(body) }
      : {
          floor: Object.assign(
            () => {
              JSON.stringify(body);
              JSON.parse(text);
            },
            { sync: true }, // timed in a plain loop, no await
          ),
          fake: async () => {
            const res = await fake(MESSAGE_PATH, init);
            await res.text();
          },
          ours: () => ours.getOrCreateMessage(body),
          adapter: () => adapter({}),
          official: () => official.getOrCreateMessage(body),
          ...(validateGetOrCreateMessage && {
            validate: Object.assign(() => validateGetOrCreateMessage(body), { sync: true }),
            stringify: Object.assign(() => JSON.stringify(body), { sync: true }),
          }),
        };
    const r = await measure(contenders, config);
    if (!onlyOurs) {
      r.oursNet = { us: r.ours.us - r.fake.us };
      r.officialNet = { us: r.official.us - r.adapter.us };
      r.ratioOursNetToFloor = r.oursNet.us / r.floor.us;
      r.ratioOfficialNetToFloor = r.officialNet.us / r.floor.us;
    if (r.validate) r.ratioValidateToStringify = r.validate.us / r.stringify.us;
    }
    r.requestBytes = JSON.stringify(body).length;
    r.responseBytes = text.length;
    out[label] = r;
    ours.free();
  }
  return { config, results: out };
}
