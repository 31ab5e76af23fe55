// Where the browser entry fetches the .wasm from. Written here, beside the .wasm at the
// package root, so the one `new URL(…, import.meta.url)` is right in every setting: unbundled
// (the package's own folder), in Vite and webpack (they emit the asset and rewrite the URL), and
// in a bundle that leaves the URL alone, such as esbuild's (beside the bundle).
export const wasmUrl = new URL("botpress_chat_wasm_bg.wasm", import.meta.url);
