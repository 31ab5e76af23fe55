// Node: a child `node` imports (ESM) or requires (CJS) "botpress-chat-wasm" by name and calls
// the emulator; the exports map must send it to entry/node.mjs or entry/node.cjs.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../js/helpers/emulator.mjs";
import { run, lastJson } from "./helpers/run.mjs";
import { expectScenario } from "./helpers/expect.mjs";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

let emu;
before(async () => {
  emu = await startEmulator();
});
after(() => emu?.stop());

for (const [kind, script, entry] of [
  ["ESM", "node/esm.mjs", /\/entry\/node\.mjs$/],
  ["CJS", "node/cjs.cjs", /\/entry\/node\.cjs$/],
]) {
  test(`Node ${kind}: package by name, real calls against the emulator`, async (t) => {
    // Each runtime gets its own emulator state: the bot id differs, and the log is per run.
    await emu.reset();
    t.diagnostic(`node ${process.version}`);
    const out = lastJson(await run(process.execPath, [here(script), emu.url]), `node ${script}`);
    assert.match(out.resolved, entry, `resolved to ${out.resolved}`);
    const log = await expectScenario(out, emu, `node-${kind.toLowerCase()}`);
    // Node's fetch (undici) made the calls.
    assert.equal(log[0].headers["user-agent"], "node");
  });
}
