// Assembles the npm package: `node pkg-template/assemble.mjs <bindgen-dir> <out-dir>`.
// <bindgen-dir> holds wasm-bindgen's nodejs/ and web/ outputs and opt.wasm (wasm-opt -Oz of
// the one .wasm they share). Glue and wasm sit side by side in the package root, so the
// glue's own loaders (`__dirname`, `import.meta.url`) find the single optimized .wasm.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { transformSync } from "esbuild";
import { withRecovery } from "./glue-recovery.mjs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [bindgen, out] = process.argv.slice(2);
if (!bindgen || !out) {
  console.error("usage: node pkg-template/assemble.mjs <bindgen-dir> <out-dir>");
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const crate = "botpress_chat_wasm";

const cargo = readFileSync(join(here, "..", "Cargo.toml"), "utf8");
const version = /\[package\][^[]*?\nversion\s*=\s*"([^"]+)"/.exec(cargo)?.[1];
if (!version) throw new Error("no [package] version in Cargo.toml");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "entry"), { recursive: true });

cpSync(join(bindgen, "opt.wasm"), join(out, `${crate}_bg.wasm`));
// The glue of both targets gets the build-time half of the trap recovery (glue-recovery.mjs).
for (const [target, file] of [["web", `${crate}.js`], ["nodejs", `${crate}.cjs`]]) {
  const glue = readFileSync(join(bindgen, target, `${crate}.js`), "utf8");
  writeFileSync(join(out, file), withRecovery(glue, target, `${target}/${crate}.js`));
}

// Every export is skip_typescript: this .d.ts is tsify's model types plus the hand-written
// surface from src/typings.rs, identical for all targets.
const dts = readFileSync(join(bindgen, "nodejs", `${crate}.d.ts`), "utf8");
writeFileSync(join(out, "index.d.ts"), dts);
writeFileSync(join(out, "index.d.cts"), dts);

// The CommonJS twins (errors.cjs, entry/load.cjs) are derived from the ES modules, so each is
// written once.
function toCommonJs(esm) {
  const names = [...esm.matchAll(/^export (?:class|const|function) (\w+)/gm)].map((m) => m[1]);
  return '"use strict";\n' + esm.replace(/^export (class|const|function) /gm, "$1 ") + `\nmodule.exports = { ${names.join(", ")} };\n`;
}
cpSync(join(here, "errors.js"), join(out, "errors.js"));
cpSync(join(here, "wasm-url.js"), join(out, "wasm-url.js"));
writeFileSync(join(out, "errors.cjs"), toCommonJs(readFileSync(join(here, "errors.js"), "utf8")));

cpSync(join(here, "entry"), join(out, "entry"), { recursive: true });
writeFileSync(join(out, "entry", "load.cjs"), toCommonJs(readFileSync(join(here, "entry", "load.js"), "utf8")));
cpSync(join(here, "README.md"), join(out, "README.md"));

// What a browser downloads is minified (whitespace and syntax; identifiers are kept, so every
// class and function keeps its `name`): about 1 KB gzip of the web target. The Node glue stays as
// wasm-bindgen wrote it, for readable server-side stack traces.
const browserFiles = [`${crate}.js`, "errors.js", "wasm-url.js", ...readdirSync(join(out, "entry")).filter((f) => f.endsWith(".js")).map((f) => `entry/${f}`)];
for (const f of browserFiles) {
  const path = join(out, f);
  const { code } = transformSync(readFileSync(path, "utf8"), { minifyWhitespace: true, minifySyntax: true, format: "esm", target: "es2022", legalComments: "none" });
  writeFileSync(path, code);
}

const pkg = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
pkg.version = version;
writeFileSync(join(out, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
console.log(`assembled ${out}/ (botpress-chat-wasm ${version})`);
