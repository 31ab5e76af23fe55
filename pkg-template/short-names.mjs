// Size: wasm-bindgen names each import of the .wasm `__wbg_<name>_<16 hex digits>` and puts all of
// them in a module named "./botpress_chat_wasm_bg.js"; the names are stored twice (the .wasm's
// import section, the glue's imports object) and their hashes barely compress: about 2 KB gzip
// of the web target. The assembler renames them to short ones ("a", "b", …, module "m") in both
// places. Nothing else refers to them: `shortenGlue` checks that each name occurs exactly once in
// a glue, as a key, and fails the assembly otherwise. Exports the glue calls as `wasm.<name>`
// (closure shims with hashed names among them) are renamed the same way ("_a", "_b", …); `memory`
// keeps its name, for tools that read the instance's memory.
// This module also holds the .wasm readers the other steps share (LEB128, names, sections, the
// name section's function names: snip.mjs, and the bench's cold-start trace).

const textDecoder = new TextDecoder();
const textEncoder = new TextEncoder();
const SHORT_MODULE = "m";

/** Reads an unsigned LEB128 at `at`; returns [value, next offset]. */
export function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    if (b === undefined) throw new Error("short-names: truncated LEB128");
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [value, at];
    shift += 7;
  }
}

/** Reads a name (LEB128 length, UTF-8 bytes) at `at`; returns [name, next offset]. */
export function readName(bytes, at) {
  const [len, p] = leb(bytes, at);
  return [textDecoder.decode(bytes.subarray(p, p + len)), p + len];
}

export function encodeLeb(value) {
  const out = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return out;
}

/** The wasm's sections as [id, start, body, end]. */
export function sections(bytes) {
  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error("not a wasm module");
  const out = [];
  for (let at = 8; at < bytes.length; ) {
    const [size, body] = leb(bytes, at + 1);
    out.push([bytes[at], at, body, body + size]);
    at = body + size;
  }
  return out;
}

/** Skips a table or memory type's limits at `p`. */
function skipLimits(bytes, p) {
  const flags = bytes[p];
  [, p] = leb(bytes, p + 1);
  if (flags & 1) [, p] = leb(bytes, p);
  return p;
}

/**
 * Function index → name, from the name section (empty without one); and the number of imported
 * functions. Shared with pkg-template/snip.mjs and tests/bench/coldstart-v8-workerd.mjs.
 */
export function functionNames(bytes) {
  const names = new Map();
  let imported = 0;
  for (const [id, , body, end] of sections(bytes)) {
    let p = body;
    if (id === 2) {
      let count;
      [count, p] = leb(bytes, p);
      for (let i = 0; i < count; i++) {
        [, p] = readName(bytes, p);
        [, p] = readName(bytes, p);
        const kind = bytes[p++];
        if (kind === 0) {
          [, p] = leb(bytes, p);
          imported++;
        } else if (kind === 1) p = skipLimits(bytes, p + 1);
        else if (kind === 2) p = skipLimits(bytes, p);
        else if (kind === 3) p += 2;
        else throw new Error(`unexpected import kind ${kind}`);
      }
    } else if (id === 0) {
      let name;
      [name, p] = readName(bytes, p);
      if (name !== "name") continue;
      while (p < end) {
        const sub = bytes[p];
        let size;
        [size, p] = leb(bytes, p + 1);
        const subEnd = p + size;
        if (sub === 1) {
          let count;
          [count, p] = leb(bytes, p);
          for (let i = 0; i < count; i++) {
            let index, fn;
            [index, p] = leb(bytes, p);
            [fn, p] = readName(bytes, p);
            names.set(index, fn);
          }
        }
        p = subEnd;
      }
    }
  }
    return { names, imported };
}

/** "a" … "z", "A" … "Z", then two letters, and so on. */
function shortName(i) {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let name = "";
  do {
    name = letters[i % letters.length] + name;
    i = Math.floor(i / letters.length) - 1;
  } while (i >= 0);
  return name;
}

const name = (s) => {
  const b = textEncoder.encode(s);
  return [...encodeLeb(b.length), ...b];
};

/**
 * Renames the function imports of `module` in a .wasm, and the exports in `exports` (names).
 * @returns {{ wasm: Uint8Array, renames: [string, string][], module: string, exportRenames: [string, string][] }}
 */
export function shortenImports(bytes, module, exports = []) {
  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error("short-names: not a wasm module");
  const parts = [bytes.subarray(0, 8)];
  const renames = [];
  const exportRenames = [];
  let at = 8;
  let seen = false;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = leb(bytes, at + 1);
    const end = body + size;
    if (id === 7) {
      parts.push(renameExports(bytes, body, end, exports, exportRenames));
      at = end;
      continue;
    }
    if (id !== 2) {
      parts.push(bytes.subarray(at, end));
      at = end;
      continue;
    }
    seen = true;
    let p = body;
    let count;
    [count, p] = leb(bytes, p);
    const out = [...encodeLeb(count)];
    for (let i = 0; i < count; i++) {
      let mod, field;
      [mod, p] = readName(bytes, p);
      [field, p] = readName(bytes, p);
      const kind = bytes[p];
      if (kind !== 0) throw new Error(`short-names: import ${mod}.${field} is not a function (kind ${kind})`);
      let type;
      [type, p] = leb(bytes, p + 1);
      if (mod !== module) throw new Error(`short-names: unexpected import module ${mod}`);
      const short = shortName(renames.length);
      renames.push([field, short]);
      out.push(...name(SHORT_MODULE), ...name(short), 0, ...encodeLeb(type));
    }
    if (p !== end) throw new Error("short-names: import section has trailing bytes");
    parts.push(Uint8Array.from([2, ...encodeLeb(out.length), ...out]));
    at = end;
  }
  if (!seen) throw new Error("short-names: no import section");
  const wasm = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    wasm.set(p, o);
    o += p.length;
  }
  return { wasm, renames, module: SHORT_MODULE, exportRenames };
}

/** The export section from `body` to `end`, with the names in `wanted` shortened. */
function renameExports(bytes, body, end, wanted, exportRenames) {
  let p = body;
  let count;
  [count, p] = leb(bytes, p);
  const out = [...encodeLeb(count)];
  for (let i = 0; i < count; i++) {
    let field;
    [field, p] = readName(bytes, p);
    const kind = bytes[p];
    let index;
    [index, p] = leb(bytes, p + 1);
    let written = field;
    if (wanted.includes(field) && field !== "memory") {
      written = `_${shortName(exportRenames.length)}`;
      exportRenames.push([field, written]);
    }
    out.push(...name(written), kind, ...encodeLeb(index));
  }
  if (p !== end) throw new Error("short-names: export section has trailing bytes");
  return Uint8Array.from([7, ...encodeLeb(out.length), ...out]);
}

/** The names of `wasm`'s exports that `glue` calls as `wasm.<name>` (and only that way). */
export function exportsCalledByGlue(bytes, glue) {
  const names = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
  return names.filter((n) => glue.includes(`wasm.${n}`));
}

/** Applies `shortenImports`' renames to a glue: each name must occur once, as a key. */
export function shortenGlue(glue, { renames, module, exportRenames }, file, oldModule) {
  const once = (text, what) => {
    const n = glue.split(text).length - 1;
    if (n !== 1) throw new Error(`short-names: ${file}: expected ${what} once, found ${n}`);
  };
  for (const [long, short] of renames) {
    once(long, long);
    once(`${long}:`, `${long}: as a key`);
    glue = glue.replace(`${long}:`, `${short}:`);
  }
  once(`"${oldModule}":`, `"${oldModule}": as a key`);
  glue = glue.replace(`"${oldModule}":`, `"${module}":`);
  for (const [long, short] of exportRenames) {
    const uses = new RegExp(`\\bwasm\\.${long}\\b`, "g");
    if (!uses.test(glue)) throw new Error(`short-names: ${file}: wasm.${long} not found`);
    glue = glue.replace(uses, `wasm.${short}`);
  }
  return glue;
}
