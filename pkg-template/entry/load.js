// Shared by the entries (entry/load.cjs is derived from this file when the package is
// assembled). Two jobs:
//
// 1. A load that fails (a 404, a bundle without the .wasm, a CSP without 'wasm-unsafe-eval', a
//    server bundler that moved the glue away from the .wasm) must not throw at import: the entry
//    still loads, `ready` rejects with one Error that names the URL tried, and every call fails
//    with that same error (the constructor and the validate functions throw it, the async calls
//    reject with it).
// 2. Never a dead instance (DESIGN.md §2). The glue reports an exception escaping wasm (a trap)
//    and stops calling into that instance (pkg-template/glue-recovery.mjs). Here, the calls in
//    flight then reject with an InternalError, and the next call runs on a fresh instance of the
//    same module; a Client re-creates its wasm side there from the options it was given.

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

/** The public functions: recovering wrappers over the glue, or stand-ins that fail with `failure`. */
export function surface(glue, failure, errorClasses) {
  if (failure) {
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
  return recovering(glue, errorClasses);
}

function recovering(glue, errorClasses) {
  const instance = glue.__wbg_recovery();
  /** Rejecters of the calls in flight. */
  const pending = new Set();
  let trap = null;
  instance.onTrap((cause) => {
    trap = new errorClasses.InternalError(
      "botpress-chat-wasm: the WebAssembly instance failed (this is a bug; please report it). The call was abandoned; later calls use a fresh instance.",
      { cause },
    );
    for (const reject of pending) reject(trap);
    pending.clear();
  });
  const revive = () => {
    if (instance.dead()) {
      instance.reinstantiate();
      glue.__registerErrorClasses(errorClasses);
    }
  };
  /** A synchronous call: the trap error if the instance failed during it. */
  const sync = (fn) => {
    revive();
    let out;
    try {
      out = fn();
    } catch (e) {
      if (instance.dead()) throw trap;
      throw e;
    }
    if (instance.dead()) throw trap;
    return out;
  };
  /** An async call that settles even if the instance fails while it is in flight. */
  const tracked = (fn) => {
    revive();
    let promise;
    try {
      promise = fn();
    } catch (e) {
      if (instance.dead()) return Promise.reject(trap);
      throw e; // e.g. a method called after free(): thrown at once, as by the glue itself
    }
    if (instance.dead()) return Promise.reject(trap);
    return new Promise((resolve, reject) => {
      pending.add(reject);
      promise.then(
        (value) => {
          pending.delete(reject);
          resolve(value);
        },
        (error) => {
          pending.delete(reject);
          reject(error);
        },
      );
    });
  };

  class Client {
    #inner;
    #generation;
    #options;
    constructor(options) {
      this.#inner = sync(() => new glue.Client(options));
      this.#generation = instance.generation();
      // What a fresh instance needs to rebuild this client; the wasm side already validated it.
      this.#options = { ...options };
      if (options.headers !== null && typeof options.headers === "object") this.#options.headers = { ...options.headers };
    }
    #live() {
      if (this.#generation !== instance.generation()) {
        // The wasm client belonged to a replaced instance: forget it without calling into that
        // instance, and rebuild it on the current one. A freed client stays freed.
        if (this.#inner.__wbg_ptr !== 0) {
          this.#inner.__destroy_into_raw();
          this.#inner = new glue.Client(this.#options);
        }
        this.#generation = instance.generation();
      }
      return this.#inner;
    }
    getOrCreateConversation(body, opts) {
      return tracked(() => this.#live().getOrCreateConversation(body, opts));
    }
    getOrCreateMessage(body, opts) {
      return tracked(() => this.#live().getOrCreateMessage(body, opts));
    }
    /** Frees the wasm side now (a FinalizationRegistry would otherwise). Idempotent. */
    free() {
      if (this.#inner.__wbg_ptr === 0) return;
      // A client of a replaced instance is only forgotten: nothing of it lives in the new one.
      if (this.#generation !== instance.generation()) this.#inner.__destroy_into_raw();
      else this.#inner.free();
    }
  }
  if (typeof Symbol.dispose === "symbol") Client.prototype[Symbol.dispose] = Client.prototype.free;
  Object.defineProperty(Client, "name", { value: "Client" }); // kept when the browser entry is minified

  return {
    Client,
    getOrCreateConversation: (options, body, opts) => tracked(() => glue.getOrCreateConversation(options, body, opts)),
    getOrCreateMessage: (options, body, opts) => tracked(() => glue.getOrCreateMessage(options, body, opts)),
    validateGetOrCreateConversation: (body) => sync(() => glue.validateGetOrCreateConversation(body)),
    validateGetOrCreateMessage: (body) => sync(() => glue.validateGetOrCreateMessage(body)),
  };
}
