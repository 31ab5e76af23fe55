// Per-call CPU in Node of several builds of this package, each beside @botpress/client, in one
// process (for before/after figures across commits): the measurement of percall-core.mjs, net
// of each client's fake transport, in rounds so that drift on a shared machine shows.
// Usage: node tests/bench/compare.mjs [--rounds 2] <pkg dir> [<pkg dir> ...]
//   (a pkg dir is what `make pkg` assembles, e.g. a copy of pkg/ built at an older commit)
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Client as OfficialClient } from "@botpress/client";
import { percall } from "./percall-core.mjs";

const args = process.argv.slice(2);
const at = args.indexOf("--rounds");
const rounds = at >= 0 ? Number(args.splice(at, 2)[1]) : 2;
if (args.length === 0) throw new Error("usage: node tests/bench/compare.mjs [--rounds 2] <pkg dir> [<pkg dir> ...]");
const f = (x) => x.toFixed(1);
console.log("round | build | text ours | text official | carousel ours | carousel official | validate carousel | JSON.stringify carousel (µs)");
for (let round = 0; round < rounds; round++) {
  for (const dir of args) {
    const m = await import(`${pathToFileURL(path.resolve(dir, "entry", "node.mjs"))}?round=${round}`);
    await m.ready;
    const { text, carousel10x3: c } = (await percall({ Client: m.Client, OfficialClient, validateGetOrCreateMessage: m.validateGetOrCreateMessage })).results;
    console.log([round, dir, f(text.oursNet.us), f(text.officialNet.us), f(c.oursNet.us), f(c.officialNet.us), f(c.validate.us), f(c.stringify.us)].join(" | "));
  }
}
