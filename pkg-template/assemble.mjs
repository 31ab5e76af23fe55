// Assembles the npm package: `node pkg-template/assemble.mjs <bindgen-dir> <out-dir>`.
// <bindgen-dir> holds wasm-bindgen's nodejs/ and web/ outputs and opt.wasm (wasm-opt -Oz of
// the one .wasm they share). Glue and wasm sit side by side in the package root, so the
// glue's own loaders (`__dirname`, `import.meta.url`) find the single optimized .wasm.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { transformSync } from "esbuild";
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

// wasm-bindgen's `free()` zeroes the pointer and then hands it to Rust, which throws "null
// pointer passed to rust" the second time: `using c = new Client(…); c.free();` would throw at
// the end of the block. free() and [Symbol.dispose]() (the same function) return early once
// the client is freed. The glue is patched here rather than wrapped in the entries, so every
// entry and the raw glue behave alike; the assembly fails if wasm-bindgen's output changes shape.
function idempotentFree(glue, file) {
  const free = /(free\(\) \{\n(\s*)const ptr = this\.__destroy_into_raw\(\);\n)(\s*wasm\.__wbg_client_free\(ptr, 0\);)/g;
  const matches = glue.match(free)?.length ?? 0;
  if (matches !== 1) throw new Error(`${file}: expected one Client.free() to patch, found ${matches}`);
  return glue.replace(free, "$1$2if (!ptr) return;\n$3");
}
for (const [target, file] of [["web", `${crate}.js`], ["nodejs", `${crate}.cjs`]]) {
  const glue = readFileSync(join(bindgen, target, `${crate}.js`), "utf8");
  writeFileSync(join(out, file), idempotentFree(glue, `${target}/${crate}.js`));
}

// Every export is skip_typescript: this .d.ts is tsify's model types plus the hand-written
// surface from src/typings.rs, identical for all targets.
const dts = readFileSync(join(bindgen, "nodejs", `${crate}.d.ts`), "utf8");
writeFileSync(join(out, "index.d.ts"), dts);
writeFileSync(join(out, "index.d.cts"), dts);

// errors.cjs is derived from errors.js so the classes are written once.
const errorsEsm = readFileSync(join(here, "errors.js"), "utf8");
const names = [...errorsEsm.matchAll(/^export (?:class|const) (\w+)/gm)].map((m) => m[1]);
const errorsCjs =
  '"use strict";\n' +
  errorsEsm.replace(/^export (class|const) /gm, "$1 ") +
  `\nmodule.exports = { ${names.join(", ")} };\n`;
cpSync(join(here, "errors.js"), join(out, "errors.js"));
writeFileSync(join(out, "errors.cjs"), errorsCjs);

cpSync(join(here, "entry"), join(out, "entry"), { recursive: true });
cpSync(join(here, "README.md"), join(out, "README.md"));

// What a browser downloads is minified (whitespace and syntax; identifiers are kept, so every
// class and function keeps its `name`): about 1 KB gzip of the web target. The Node glue stays as
// wasm-bindgen wrote it, for readable server-side stack traces.
const browserFiles = [`${crate}.js`, "errors.js", ...readdirSync(join(out, "entry")).filter((f) => f.endsWith(".js")).map((f) => `entry/${f}`)];
for (const f of browserFiles) {
  const path = join(out, f);
  const { code } = transformSync(readFileSync(path, "utf8"), { minifyWhitespace: true, minifySyntax: true, format: "esm", target: "es2022", legalComments: "none" });
  writeFileSync(path, code);
}

const pkg = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
pkg.version = version;
writeFileSync(join(out, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
console.log(`assembled ${out}/ (botpress-chat-wasm ${version})`);
