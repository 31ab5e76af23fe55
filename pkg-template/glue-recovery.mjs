// Never a dead instance (DESIGN.md §2): the build-time half. pkg-template/assemble.mjs passes
// wasm-bindgen's glue (web and nodejs) through `withRecovery`, which
// - calls every export of the instance through a guard: a trap (`WebAssembly.RuntimeError`, or
//   a stack overflow inside wasm) marks the instance dead and reports it once; calls into a dead
//   instance return zeros without touching it. A trap inside a promise job (a poll of a pending
//   call) is reported the same way instead of becoming an unhandled rejection;
// - makes the glue's FinalizationRegistries generation-aware, so a JS object of a dead instance
//   is never freed into the next one;
// - adds `__wbg_recovery()` (generation, dead, onTrap, reinstantiate: a fresh instance of the
//   same compiled module). The entries' half is entry/load.js.
// Every patch must match exactly once where expected, or the assembly fails: a new wasm-bindgen
// output shape must be looked at, not silently shipped without recovery.

const PRELUDE = `// Added by botpress-chat-wasm's pkg-template/glue-recovery.mjs.
let __wbg_gen = 0;
let __wbg_dead = false;
let __wbg_on_trap = null;
function __wbg_registry(cleanup) {
    const registry = new FinalizationRegistry(({ gen, held }) => { if (gen === __wbg_gen && !__wbg_dead) cleanup(held); });
    return {
        register: (target, held, token) => registry.register(target, { gen: __wbg_gen, held }, token),
        unregister: (token) => registry.unregister(token),
    };
}
// A trap, or the engine's stack overflow inside wasm: Rust state may be half-updated. Errors
// wasm-bindgen throws on purpose (\`null pointer passed to rust\` after free()) leave it intact.
function __wbg_fatal(e) {
    return e instanceof WebAssembly.RuntimeError || (e instanceof RangeError && /call stack/i.test(e.message));
}
// What a dead export returns: the glue only indexes results (\`ret[1]\` is an error flag,
// \`ret[0]\` a pointer) or hands them back, and zeros read as "no error, null". A result that
// reaches the caller is replaced by the trap error in the entry (entry/load.js).
const __wbg_nothing = Object.freeze([0, 0, 0, 0]);
function __wbg_guard(exports) {
    const gen = __wbg_gen;
    const guarded = {};
    for (const name of Object.keys(exports)) {
        const f = exports[name];
        guarded[name] = typeof f !== 'function' ? f : function () {
            if (gen !== __wbg_gen || __wbg_dead) return __wbg_nothing;
            try {
                return f.apply(this, arguments);
            } catch (e) {
                if (!__wbg_fatal(e)) throw e;
                __wbg_dead = true;
                if (__wbg_on_trap) __wbg_on_trap(e);
                return __wbg_nothing;
            }
        };
    }
    return guarded;
}
`;

const RECOVERY = (reinstantiate) => `
function __wbg_recovery() {
    return {
        generation: () => __wbg_gen,
        dead: () => __wbg_dead,
        onTrap: (f) => { __wbg_on_trap = f; },
        reinstantiate() {
            __wbg_gen++;
            __wbg_dead = false;
${reinstantiate}
        },
    };
}
`;

/** Replaces `re` (a global regex) in `text`, which must match exactly `count` times. */
function patch(text, re, replacement, count, what) {
  const n = text.match(re)?.length ?? 0;
  if (n !== count) throw new Error(`glue recovery: expected ${count} match(es) for ${what}, found ${n}`);
  return text.replace(re, replacement);
}

/**
 * @param {string} glue wasm-bindgen's output
 * @param {"web" | "nodejs"} target
 * @param {string} file for messages
 */
export function withRecovery(glue, target, file) {
  const at = (what) => `${file}: ${what}`;
  let out = patch(glue, /new FinalizationRegistry\(/g, "__wbg_registry(", 2, at("the two FinalizationRegistries"));
  if (target === "web") {
    out = patch(out, /^(\s*)wasm = instance\.exports;$/gm, "$1wasm = __wbg_guard(instance.exports);", 1, at("wasm = instance.exports"));
    out = patch(out, /^export \{ initSync, __wbg_init as default \};$/gm, "export { initSync, __wbg_init as default, __wbg_recovery };", 1, at("the export list"));
    // The compiled module is kept by __wbg_finalize_init, which also resets the memory views.
    return PRELUDE + out + RECOVERY("            __wbg_finalize_init(new WebAssembly.Instance(wasmModule, __wbg_get_imports()), wasmModule);");
  }
  out = patch(out, /^let wasm = wasmInstance\.exports;$/gm, "let wasm = __wbg_guard(wasmInstance.exports);", 1, at("let wasm = wasmInstance.exports"));
  out = patch(out, /^let wasmInstance = /gm, "let wasmInstance = ", 1, at("let wasmInstance"));
  for (const cache of ["cachedDataViewMemory0", "cachedUint8ArrayMemory0"]) {
    out = patch(out, new RegExp(`^let ${cache} = null;$`, "gm"), `let ${cache} = null;`, 1, at(cache));
  }
  return (
    PRELUDE +
    out +
    RECOVERY(`            wasmInstance = new WebAssembly.Instance(wasmModule, __wbg_get_imports());
            wasm = __wbg_guard(wasmInstance.exports);
            cachedDataViewMemory0 = null;
            cachedUint8ArrayMemory0 = null;
            wasm.__wbindgen_start();`) +
    "exports.__wbg_recovery = __wbg_recovery;\n"
  );
}
