// Shared by the ESM entries that load the .wasm themselves (browser, workerd, deno). A load that
// fails (a 404, a bundle without the .wasm, a CSP without 'wasm-unsafe-eval', no read
// permission) must not become an unhandled rejection at import: the entry still loads, `ready`
// rejects with one Error that names the URL tried, and every call fails with that same error
// (the constructor and the validate functions throw it, the async calls reject with it).

/** The error every export gives when the WebAssembly module could not be loaded. */
export function loadError(url, cause) {
  const why = cause instanceof Error ? cause.message : String(cause);
  const e = new Error(`botpress-chat-wasm: could not load its WebAssembly module from ${url}: ${why}`, { cause });
  e.code = "wasm_unavailable";
  e.url = String(url);
  return e;
}

/** `ready`: resolved, or rejected with `failure` but marked handled (awaiting it still throws). */
export function readyFor(failure) {
  if (!failure) return Promise.resolve();
  const p = Promise.reject(failure);
  p.catch(() => {});
  return p;
}

/** The glue's exports, or stand-ins that throw / reject with `failure`. */
export function surface(glue, failure) {
  if (!failure) return glue;
  const fail = () => {
    throw failure;
  };
  const reject = async () => fail();
  return {
    Client: class Client {
      constructor() {
        fail();
      }
    },
    getOrCreateConversation: reject,
    getOrCreateMessage: reject,
    validateGetOrCreateConversation: fail,
    validateGetOrCreateMessage: fail,
  };
}
