// Size: Rust's panic machinery and the formatting code only it uses, replaced by `unreachable`
// before wasm-opt (what `wasm-snip --snip-rust-panicking-code --snip-rust-fmt-code` does, and
// what nightly's `panic_immediate_abort` gives, without another tool to install and on stable
// Rust). About 2.3 KB gzip.
//
// Nothing changes for callers. With `panic = "abort"` a panic already ends in a trap; std's
// handler first formats the message for a hook that has nowhere to write on
// wasm32-unknown-unknown. Now the panic entry points trap at once (the trap recovery of
// entry/load.js handles both alike). The formatting code (`core::fmt`, `Display`/`Debug`/
// `fmt::Write` impls) then stays only because its functions sit in the indirect-call table,
// referenced from panic messages' argument lists. It is replaced too, but only when nothing
// else calls it directly, checked on the optimized module: a future `format!` or `to_string()`
// in the crate or a dependency fails the build here instead of trapping at run time.
//
// Usage: node pkg-template/snip.mjs <in.wasm> <out.wasm>   (wasm-opt and wasm-dis on PATH; the
// input must keep its name section, as wasm-bindgen's output does)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { encodeLeb, functionNames, leb, sections } from "./short-names.mjs";

/** The panic entry points and std's panic handler, hook and payloads. */
const PANIC = [
  /^core\[\w+\]::panicking::/,
  /^core\[\w+\]::cell::(lazy::)?panic_/,
  /^std\[\w+\]::thread::local::panic_access_error/,
  /^<?std\[\w+\]::panicking::/,
  /^std\[\w+\]::sys::backtrace::__rust_end_short_backtrace/,
  /^__rustc\[\w+\]::(rust_panic|__rust_start_panic)/,
];
/** The formatting machinery and the trait impls it calls. */
const FMT = [/core\[\w+\]::fmt::/];

/** `bytes` with the body of every function whose name matches `patterns` made `unreachable`. */
function snip(bytes, patterns) {
  const { names, imported } = functionNames(bytes);
  if (names.size === 0) throw new Error("snip: the module has no function names (keep wasm-bindgen's name section)");
  const parts = [bytes.subarray(0, 8)];
  const snipped = [];
  for (const [id, start, body, end] of sections(bytes)) {
    if (id !== 10) {
      parts.push(bytes.subarray(start, end));
      continue;
    }
    let [count, p] = leb(bytes, body);
    const code = [Uint8Array.from(encodeLeb(count))];
    for (let i = 0; i < count; i++) {
      const start = p; // the body's size and bytes, copied as they are when kept
      const [size, at] = leb(bytes, p);
      p = at + size;
      const name = names.get(imported + i) ?? "";
      if (patterns.some((re) => re.test(name))) {
        snipped.push(name);
        code.push(Uint8Array.of(3, 0, 0x00, 0x0b)); // size 3: no locals, unreachable, end
      } else code.push(bytes.subarray(start, p));
    }
    const content = concat(code);
    parts.push(Uint8Array.of(10, ...encodeLeb(content.length)), content);
  }
  return { wasm: concat(parts), snipped };
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * The direct references (`call`, `ref.func`) to formatting functions from functions outside
 * the formatting code, in the optimized text of `wasm` (so only live callers remain).
 */
function outsideFmtCallers(wasm, dir) {
  const input = path.join(dir, "panics-snipped.wasm");
  const optimized = path.join(dir, "optimized.wasm");
  writeFileSync(input, wasm);
  execFileSync("wasm-opt", ["-Oz", "-g", "--low-memory-unused", input, "-o", optimized]);
  const text = execFileSync("wasm-dis", [optimized], { maxBuffer: 256 * 1024 * 1024, encoding: "utf8" });
  const isFmt = (name) => FMT.some((re) => re.test(name));
  const found = [];
  let current = "";
  const ref = /\((?:call|return_call|ref\.func) \$("(?:[^"\\]|\\.)*"|\S+)/g;
  for (const line of text.split("\n")) {
    const fn = /^ \(func \$("(?:[^"\\]|\\.)*"|\S+)/.exec(line);
    if (fn) current = fn[1];
    else if (!isFmt(current)) for (const m of line.matchAll(ref)) if (isFmt(m[1])) found.push(`${current} -> ${m[1]}`);
  }
  return found;
}

const [input, output] = process.argv.slice(2);
if (!input || !output) throw new Error("usage: node pkg-template/snip.mjs <in.wasm> <out.wasm>");
const original = readFileSync(input);
const dir = mkdtempSync(path.join(os.tmpdir(), "snip-"));
try {
  const callers = outsideFmtCallers(snip(original, PANIC).wasm, dir);
  if (callers.length > 0) {
    throw new Error(`snip: code outside core::fmt formats at run time, so the formatting code cannot go:\n  ${callers.join("\n  ")}`);
  }
  const { wasm, snipped } = snip(original, [...PANIC, ...FMT]);
  writeFileSync(output, wasm);
  console.log(`snip: ${snipped.length} panic and formatting functions replaced by unreachable`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
