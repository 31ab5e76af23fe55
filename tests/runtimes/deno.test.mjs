// Deno: tests/runtimes/deno/main.mjs imports "botpress-chat-wasm" by name through node_modules
// (--node-modules-dir=manual: Deno reads the existing node_modules, installs nothing) and must
// land on the exports map's "deno" condition. Minimal permissions: read the package directory
// (entry/deno.js reads the .wasm with Deno.readFile) and net to the emulator only; no env.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT, startEmulator } from "../js/helpers/emulator.mjs";
import { run, lastJson } from "./helpers/run.mjs";
import { expectScenario, pinned } from "./helpers/expect.mjs";

const DENO = path.join(ROOT, "node_modules", ".bin", "deno");
const ENV = { DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
const SCRIPT = fileURLToPath(new URL("deno/main.mjs", import.meta.url));
// Where node_modules/botpress-chat-wasm really is (a symlink to pkg/ in this repo).
const PKG_DIR = realpathSync(path.join(ROOT, "node_modules", "botpress-chat-wasm"));

let emu;
before(async () => {
  emu = await startEmulator();
});
after(() => emu?.stop());

const denoRun = (perms) =>
  run(DENO, ["run", "--no-prompt", "--node-modules-dir=manual", ...perms, SCRIPT, emu.url], { cwd: ROOT, env: ENV });

test("Deno: package by name through the deno condition, real calls against the emulator", async (t) => {
  const v = await run(DENO, ["--version"], { env: ENV });
  assert.equal(v.code, 0, v.stderr);
  t.diagnostic(v.stdout.trim().split("\n").join(", "));
  assert.match(v.stdout, new RegExp(`^deno ${pinned("deno").replaceAll(".", "\\.")} `));

  await emu.reset();
  const out = lastJson(await denoRun([`--allow-read=${PKG_DIR}`, `--allow-net=127.0.0.1:${emu.port}`]), "deno run");
  assert.match(out.resolved, /\/entry\/deno\.js$/, `resolved to ${out.resolved}`);
  const log = await expectScenario(out, emu, "deno");
  assert.match(log[0].headers["user-agent"], /^Deno\//, "Deno's fetch made the calls");
});

test("Deno: without --allow-net to the emulator the call fails as a NetworkError", async () => {
  // The permissions above are needed and sufficient: net is checked per host:port.
  await emu.reset();
  const out = lastJson(await denoRun([`--allow-read=${PKG_DIR}`, "--allow-net=127.0.0.1:9"]), "deno run");
  assert.equal(out.ok, false);
  assert.equal(out.error.name, "NetworkError", JSON.stringify(out.error));
  assert.equal((await emu.requests()).length, 0);
});
