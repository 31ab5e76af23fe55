// Prints the size of what a browser loads from the package (entry/browser.js, which bundles the
// web glue, the error classes and the entry; wasm-url.js; the .wasm), raw, gzip -9 and brotli. With `--budget N`, exits 1 when gzip total > N bytes.
// Usage: node tests/size.mjs <pkg-dir> [--budget BYTES] [--json]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const args = process.argv.slice(2);
const dir = args[0] ?? "pkg";
const budgetAt = args.indexOf("--budget");
const budget = budgetAt >= 0 ? Number(args[budgetAt + 1]) : undefined;

const files = ["botpress_chat_wasm_bg.wasm", "entry/browser.js", "wasm-url.js"];
const rows = files.map((f) => {
  const bytes = readFileSync(join(dir, f));
  return {
    file: f,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
});
const total = rows.reduce((t, r) => ({ file: "total (web target)", raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
if (args.includes("--json")) {
  console.log(JSON.stringify({ files: rows, total }));
} else {
  const pad = (s, n) => String(s).padStart(n);
  console.log(`${"file".padEnd(30)} ${pad("raw", 9)} ${pad("gzip", 9)} ${pad("brotli", 9)}`);
  for (const r of [...rows, total]) console.log(`${r.file.padEnd(30)} ${pad(r.raw, 9)} ${pad(r.gzip, 9)} ${pad(r.brotli, 9)}`);
}
if (budget !== undefined) {
  if (!(total.gzip <= budget)) {
    console.error(`size check FAILED: web target is ${total.gzip} B gzip, budget ${budget} B`);
    process.exit(1);
  }
  console.log(`size check ok: ${total.gzip} B gzip <= budget ${budget} B`);
}
