// Figure 5: memory after 1 000 calls and after 100 000 calls (canned transport), in Node.
// Run with --expose-gc. Reported after two global.gc() rounds with a macrotask between them
// (so FinalizationRegistry callbacks that free wasm-side objects get to run):
//   wasmMemoryBytes  the package's WebAssembly linear memory (memory.buffer.byteLength)
//   heapUsed, arrayBuffers, rss  from process.memoryUsage()
// The package does not export its memory, and its public API is not changed for the bench:
// before the package is loaded, WebAssembly.Instance is wrapped (transparently) so the
// instance the nodejs glue creates is seen and its exported `memory` kept.
// The calls are text messages, except every 10th: an invalid body (a rejected ValidationError,
// so the error path is covered too), and every 50th: a carousel 10x3.
// @botpress/client gets the same run (JS heap only) with a canned axios adapter.
// Usage: node --expose-gc tests/bench/memory.mjs [--small 1000] [--large 100000]
import { BOT_ID, TOKEN, cannedFetch, carouselBody, messageResponseText, textBody, useCannedAdapter } from "./common.mjs";

if (typeof globalThis.gc !== "function") throw new Error("run with node --expose-gc");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const SMALL = arg("--small", 1000);
const LARGE = arg("--large", 100_000);

const memories = [];
const OriginalInstance = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(OriginalInstance, {
  construct(target, args, newTarget) {
    const instance = Reflect.construct(target, args, newTarget === WebAssembly.Instance ? target : newTarget);
    if (instance.exports.memory instanceof WebAssembly.Memory) memories.push(instance.exports.memory);
    return instance;
  },
});
const { Client, ValidationError } = await import("botpress-chat-wasm");
const { Client: OfficialClient } = await import("@botpress/client");
WebAssembly.Instance = OriginalInstance;
if (memories.length !== 1) throw new Error(`expected the package to create one wasm instance, saw ${memories.length}`);
const memory = memories[0];

async function settle() {
  for (let i = 0; i < 2; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 10));
  }
}
async function snapshot(withWasm) {
  await settle();
  const m = process.memoryUsage();
  return { ...(withWasm ? { wasmMemoryBytes: memory.buffer.byteLength } : {}), heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, rss: m.rss };
}

const texts = { text: messageResponseText(textBody), carousel: messageResponseText(carouselBody) };
const invalid = { ...textBody, userId: "too-short" };

async function run(call, withWasm) {
  let done = 0;
  const upTo = async (n) => {
    for (; done < n; done++) {
      const kind = done % 10 === 9 ? "invalid" : done % 50 === 4 ? "carousel" : "text";
      if (kind === "invalid") {
        let err;
        try {
          await call(kind, invalid);
        } catch (e) {
          err = e;
        }
        if (withWasm && !(err instanceof ValidationError)) throw new Error("the invalid body was not rejected with a ValidationError");
      } else {
        const out = await call(kind, kind === "text" ? textBody : carouselBody);
        if (typeof out?.message?.id !== "string") throw new Error("no message in the answer");
      }
    }
  };
  await upTo(SMALL);
  const small = await snapshot(withWasm);
  const t0 = performance.now();
  await upTo(LARGE);
  const seconds = (performance.now() - t0) / 1000;
  const large = await snapshot(withWasm);
  const growth = Object.fromEntries(Object.keys(small).map((k) => [k, large[k] - small[k]]));
  return { [`after${SMALL}`]: small, [`after${LARGE}`]: large, growth, seconds };
}

// This package: one Client per transport text (the fetch is injected per client).
const ours = { text: new Client({ token: TOKEN, botId: BOT_ID, fetch: cannedFetch(texts.text) }), carousel: new Client({ token: TOKEN, botId: BOT_ID, fetch: cannedFetch(texts.carousel) }) };
ours.invalid = ours.text;
const oursResult = await run((kind, body) => ours[kind].getOrCreateMessage(body), true);

const officials = { text: useCannedAdapter(new OfficialClient({ token: TOKEN, botId: BOT_ID }), texts.text), carousel: useCannedAdapter(new OfficialClient({ token: TOKEN, botId: BOT_ID }), texts.carousel) };
officials.invalid = officials.text; // @botpress/client does not validate: it sends the body
const officialResult = await run((kind, body) => officials[kind].getOrCreateMessage(body), false);

console.log(JSON.stringify({ config: { small: SMALL, large: LARGE, mix: "text; every 10th call an invalid body, every 50th a carousel10x3", linearMemory: "WebAssembly.Instance wrapped before load; exports.memory of the package's instance" }, ours: oursResult, official: officialResult }));
