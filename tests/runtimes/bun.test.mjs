// Bun: tests/runtimes/bun/main.mjs imports "botpress-chat-wasm" by name; the exports map's
// "bun" condition must pick the Node entries, and the calls reach the emulator.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT, startEmulator } from "../js/helpers/emulator.mjs";
import { run, lastJson } from "./helpers/run.mjs";
import { expectScenario, pinned } from "./helpers/expect.mjs";

const SCRIPT = fileURLToPath(new URL("bun/main.mjs", import.meta.url));

/** node_modules/.bin/bun, or the platform binary when bun's postinstall did not run. */
async function bunBinary() {
  const bin = path.join(ROOT, "node_modules", ".bin", "bun");
  const r = await run(bin, ["--version"]).catch(() => null);
  if (r?.code === 0) return { bin, version: r.stdout.trim() };
  const direct = path.join(ROOT, "node_modules", "@oven", `bun-${process.platform}-${process.arch}`, "bin", "bun");
  assert.ok(existsSync(direct), `no working bun: ${bin} failed (${r?.stderr}) and ${direct} is missing`);
  const d = await run(direct, ["--version"]);
  assert.equal(d.code, 0, d.stderr);
  return { bin: direct, version: d.stdout.trim() };
}

let emu;
before(async () => {
  emu = await startEmulator();
});
after(() => emu?.stop());

test("Bun: package by name through the bun condition, real calls against the emulator", async (t) => {
  const { bin, version } = await bunBinary();
  t.diagnostic(`bun ${version}`);
  assert.equal(version, pinned("bun"));

  await emu.reset();
  const out = lastJson(await run(bin, [SCRIPT, emu.url], { cwd: ROOT }), "bun");
  assert.match(out.resolved, /\/entry\/node\.mjs$/, `import resolved to ${out.resolved}`);
  assert.match(out.resolvedRequire, /\/entry\/node\.cjs$/, `require resolved to ${out.resolvedRequire}`);
  assert.equal(out.sameInstance, true, "import and require share one instance");
  const log = await expectScenario(out, emu, "bun");
  assert.match(log[0].headers["user-agent"], /^Bun\//, "Bun's fetch made the calls");
});
