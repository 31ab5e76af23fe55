// Assembles the npm package: `node pkg-template/assemble.mjs <bindgen-dir> <out-dir>`.
// <bindgen-dir> holds wasm-bindgen's nodejs/ and web/ outputs and opt.wasm (wasm-opt -Oz of
// the one .wasm they share). Glue and wasm sit side by side in the package root, so the
// glue's own loaders (`__dirname`, `import.meta.url`) find the single optimized .wasm.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { build, transformSync } from "esbuild";
import { withRecovery } from "./glue-recovery.mjs";
import { exportsCalledByGlue, shortenGlue, shortenImports } from "./short-names.mjs";
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

// Short import and export names in the .wasm and the glue (short-names.mjs: about 3 KB gzip).
const optWasm = readFileSync(join(bindgen, "opt.wasm"));
const calledExports = exportsCalledByGlue(optWasm, readFileSync(join(bindgen, "web", `${crate}.js`), "utf8"));
const short = shortenImports(optWasm, `./${crate}_bg.js`, calledExports);
writeFileSync(join(out, `${crate}_bg.wasm`), short.wasm);

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
// Strings enter wasm memory through passStringToWasm0, which copies them one code unit at a
// time in a JS loop until the first non-ASCII one, then hands the rest to
// TextEncoder.encodeInto. For a request body or a response text (kilobytes) the loop was the
// larger cost: 4 to 6 µs for the 3.8 KB carousel in Node, against 0.2 µs for encodeInto. Past
// 64 code units the loop is skipped and encodeInto does it all (same bytes: it writes ASCII
// as is, and lone surrogates as U+FFFD, as the loop's fallback already did).
function encodeLongStrings(glue, file) {
  const loop = /for \(; offset < len; offset\+\+\) \{\n(\s*)const code = arg\.charCodeAt\(offset\);/g;
  const matches = glue.match(loop)?.length ?? 0;
  if (matches !== 1) throw new Error(`${file}: expected one passStringToWasm0 loop to patch, found ${matches}`);
  return glue.replace(loop, "for (; offset < len && len <= 64; offset++) {\n$1const code = arg.charCodeAt(offset);");
}
// wasm-bindgen-futures wakes its tasks with the global queueMicrotask when there is one, else
// with a resolved promise's then(): both run the task as a microtask. A call makes four wakes,
// and queueMicrotask is the dearer of the two where it is a host binding: in workerd it costs
// about 1.3 µs against 0.05 µs for awaiting a resolved promise. Its probe for queueMicrotask
// is answered "none", so every host takes the promise path.
function wakeByPromise(glue, file) {
  const probe = /(__wbg_queueMicrotask_[0-9a-f]+: function\(arg0\) \{\n(\s*))const ret = arg0\.queueMicrotask;\n\s*return ret;/g;
  const matches = glue.match(probe)?.length ?? 0;
  if (matches !== 1) throw new Error(`${file}: expected one queueMicrotask probe to patch, found ${matches}`);
  return glue.replace(probe, "$1return undefined;");
}
// The only closures the glue makes are wasm-bindgen-futures' (an awaited promise's resolve and
// reject, and the task queue's runner). It registered each with a FinalizationRegistry and
// unregistered it when freed: ~3 % of a call in Node (six per call). Yet an awaited promise's
// pair is freed when either one runs, and every promise a call awaits settles once its
// attempt is aborted or times out, so the registry only ever freed the pair of a promise that
// never settles, which its call keeps alive anyway (workerd has no FinalizationRegistry at
// all, and behaves the same). Registration is dropped; the registry stays for Client objects.
function unregisteredClosures(glue, file) {
  for (const line of [/\n\s*CLOSURE_DTORS\.register\(real, state, state\);/g, /\n\s*CLOSURE_DTORS\.unregister\(state\);/g]) {
    const matches = glue.match(line)?.length ?? 0;
    if (matches !== 1) throw new Error(`${file}: expected one ${line.source} to patch, found ${matches}`);
    glue = glue.replace(line, "");
  }
  return glue;
}
// Then the build-time half of the trap recovery (glue-recovery.mjs).
for (const [target, file] of [["web", `${crate}.js`], ["nodejs", `${crate}.cjs`]]) {
  const glue = readFileSync(join(bindgen, target, `${crate}.js`), "utf8");
  const name = `${target}/${crate}.js`;
  // Names are shortened last, so the recovery's own calls into the instance are renamed too.
  const patched = withRecovery(unregisteredClosures(wakeByPromise(encodeLongStrings(idempotentFree(glue, name), name), name), name), target, name);
  writeFileSync(join(out, file), shortenGlue(patched, short, name, `./${crate}_bg.js`));
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

// What a browser downloads is entry/browser.js: the entry, the web glue, the error classes and
// load.js bundled into one fully minified file (one gzip stream, short local names: 1.3 KB less
// than the files apart). wasm-url.js stays its own file at the package root, where its
// `new URL(…, import.meta.url)` must be written (see that file). Classes keep their `name`
// explicitly (errors.js, load.js). The other ESM files are minified in whitespace and syntax
// (identifiers kept); the Node glue stays as wasm-bindgen wrote it, for readable stack traces.
const keepWasmUrl = {
  name: "keep-wasm-url",
  setup(build) {
    build.onResolve({ filter: /wasm-url\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};
const browserBundle = await build({
  entryPoints: [join(out, "entry", "browser.js")],
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  legalComments: "none",
  plugins: [keepWasmUrl],
  write: false,
  logLevel: "silent",
});
const browserFiles = [`${crate}.js`, "errors.js", "wasm-url.js", ...readdirSync(join(out, "entry")).filter((f) => f.endsWith(".js") && f !== "browser.js").map((f) => `entry/${f}`)];
for (const f of browserFiles) {
  const path = join(out, f);
  const { code } = transformSync(readFileSync(path, "utf8"), { minifyWhitespace: true, minifySyntax: true, format: "esm", target: "es2022", legalComments: "none" });
  writeFileSync(path, code);
}
writeFileSync(join(out, "entry", "browser.js"), browserBundle.outputFiles[0].text);

const pkg = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
pkg.version = version;
writeFileSync(join(out, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
console.log(`assembled ${out}/ (botpress-chat-wasm ${version})`);
