// The packed package as the ecosystem checks it: @arethetypeswrong/cli (the types every
// resolution mode finds, and their module format against the JS) and publint --strict (the
// package.json: exports, files, formats). Both on the same tarball users install.

import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { run } from "../runtimes/helpers/run.mjs";
import { HERE, pinned, tarball } from "./helpers/app.mjs";

const bin = (name) => path.join(HERE, "node_modules", ".bin", name);

test("@arethetypeswrong/cli: no problem in any resolution mode", async (t) => {
  t.diagnostic(`@arethetypeswrong/cli ${pinned("@arethetypeswrong/cli")}`);
  const r = await run(bin("attw"), [tarball(), "--format", "json"], { timeoutMs: 60_000 });
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.problems, {}, `attw problems:\n${JSON.stringify(out.problems, null, 2)}`);
  assert.deepEqual(out.analysis.problems, [], "no problem in the analysis either");
  const entrypoints = out.analysis.entrypoints;
  assert.deepEqual(Object.keys(entrypoints).sort(), [".", "./package.json"]);
  const root = entrypoints["."].resolutions;
  for (const mode of ["node10", "node16-cjs", "node16-esm", "bundler"]) {
    assert.ok(root[mode]?.resolution?.fileName, `"." resolves to types under ${mode}`);
  }
  assert.match(root["node16-cjs"].resolution.fileName, /index\.d\.cts$/, "require() gets the CJS types");
  assert.match(root["node16-esm"].resolution.fileName, /index\.d\.ts$/, "import gets the ESM types");
  assert.equal(r.code, 0, r.stderr);
});

test("publint --strict: all good", async (t) => {
  t.diagnostic(`publint ${pinned("publint")}`);
  const r = await run(bin("publint"), ["run", tarball(), "--strict", "--level", "suggestion"], { timeoutMs: 60_000 });
  assert.equal(r.code, 0, `publint failed:\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /All good!/, r.stdout);
});
