// Fresh apps that install botpress-chat-wasm from its `npm pack` tarball, as users get it.
//
// The tarball is target/pack/botpress-chat-wasm-<version>.tgz (`make pack`). Each app is a new
// folder under tests/bundlers/.apps/ (gitignored), so Node's resolution finds the pinned tools
// (vite, webpack, next, wrangler, react) in tests/bundlers/node_modules, and the package in the
// app's own node_modules: real files from the tarball, not a symlink to pkg/.

import assert from "node:assert/strict";
import { cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../../runtimes/helpers/run.mjs";

export const HERE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT = path.resolve(HERE, "../..");
const APPS = path.join(HERE, ".apps");
const SCENARIO = path.join(ROOT, "tests", "runtimes", "shared", "scenario.mjs");

/** The packed package: exactly one tarball in target/pack. */
export function tarball() {
  const dir = path.join(ROOT, "target", "pack");
  let files = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".tgz"));
  } catch {}
  assert.equal(files.length, 1, `expected one tarball in target/pack (run \`make pack\`), found ${JSON.stringify(files)}`);
  return path.join(dir, files[0]);
}

/** The exact version a tool is pinned to in tests/bundlers/package.json, checked against what is installed. */
export function pinned(name) {
  const want = JSON.parse(readFileSync(path.join(HERE, "package.json"), "utf8")).devDependencies?.[name];
  assert.ok(want, `${name} is not pinned in tests/bundlers/package.json`);
  const have = JSON.parse(readFileSync(path.join(HERE, "node_modules", name, "package.json"), "utf8")).version;
  assert.equal(have, want, `${name} installed ${have}, pinned ${want}`);
  return have;
}

/**
 * A new app folder: `template` (a folder under apps/) copied in, the shared scenario beside its
 * sources, the package installed from the tarball with npm. Returns the folder.
 */
export async function freshApp(name, template, { scenarioTo = "src" } = {}) {
  const dir = path.join(APPS, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(HERE, "apps", template), dir, { recursive: true });
  cpSync(SCENARIO, path.join(dir, scenarioTo, "scenario.mjs"));
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: `bcw-${name}`, private: true, type: "module" }, null, 2) + "\n");
  const tgz = tarball();
  const npm = await run("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--no-package-lock", "--prefer-offline", tgz], {
    cwd: dir,
    timeoutMs: 120_000,
  });
  assert.equal(npm.code, 0, `npm install ${path.basename(tgz)} failed:\n${npm.stdout}\n${npm.stderr}`);
  const installed = path.join(dir, "node_modules", "botpress-chat-wasm");
  assert.ok(lstatSync(installed).isDirectory() && !lstatSync(installed).isSymbolicLink(), "the package is real files from the tarball");
  assert.ok(readdirSync(installed).includes("botpress_chat_wasm_bg.wasm"));
  return dir;
}

/** Files under `dir` (relative paths), for asserting what a build emitted. */
export function listFiles(dir, prefix = "") {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}
