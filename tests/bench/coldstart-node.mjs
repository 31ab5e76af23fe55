// Figure 4 (Node): one cold-start sample, run in a fresh process by run.mjs. Measures, inside
// this process with performance.now(), from just before the dynamic import of the client to
// the first resolved getOrCreateMessage (canned transport: an injected fetch for this package,
// an axios adapter for @botpress/client). Prints {importMs, firstCallMs, totalMs, …}.
//
// Node loads its fetch/Response implementation (undici) lazily, on first use of the global:
// about 60 ms here. That is the canned fetch's cost, not the client's, so a Response is built
// and read once before the clock starts (for both contenders); its cost is reported as
// harnessUndiciMs. The time spent inside new WebAssembly.Module / Instance is reported apart
// (wasmCompileMs, wasmInstantiateMs) through a transparent wrapper on those constructors.
// Usage: node tests/bench/coldstart-node.mjs ours|official
import { BOT_ID, TOKEN, cannedFetch, messageResponseText, textBody, useCannedAdapter } from "./common.mjs";

const which = process.argv[2];
const text = messageResponseText(textBody);

const h0 = performance.now();
await new Response(text, { status: 200 }).text();
const harnessUndiciMs = performance.now() - h0;

const wasmMs = { compile: 0, instantiate: 0 };
for (const [key, name] of [["compile", "Module"], ["instantiate", "Instance"]]) {
  const Original = WebAssembly[name];
  WebAssembly[name] = new Proxy(Original, {
    construct(target, args, newTarget) {
      const s = performance.now();
      try {
        return Reflect.construct(target, args, newTarget === WebAssembly[name] ? target : newTarget);
      } finally {
        wasmMs[key] += performance.now() - s;
      }
    },
  });
}

let t0, t1, out;
if (which === "ours") {
  t0 = performance.now();
  const { Client } = await import("botpress-chat-wasm");
  t1 = performance.now();
  out = await new Client({ token: TOKEN, botId: BOT_ID, fetch: cannedFetch(text) }).getOrCreateMessage(textBody);
} else if (which === "official") {
  t0 = performance.now();
  const { Client } = await import("@botpress/client");
  t1 = performance.now();
  out = await useCannedAdapter(new Client({ token: TOKEN, botId: BOT_ID }), text).getOrCreateMessage(textBody);
} else {
  throw new Error("usage: coldstart-node.mjs ours|official");
}
const t2 = performance.now();
if (out?.message?.id === undefined) throw new Error(`${which}: the first call did not return the message`);
console.log(JSON.stringify({ importMs: t1 - t0, firstCallMs: t2 - t1, totalMs: t2 - t0, wasmCompileMs: wasmMs.compile, wasmInstantiateMs: wasmMs.instantiate, harnessUndiciMs }));
