//! wasm-bindgen-test in headless Chromium (Debian's chromium + chromedriver). The test page
//! and the emulator are different origins, so this also exercises the emulator's CORS.
#![cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
include!("shared/wasm_body.rs");
