//! wasm-bindgen-test in Node (the default runner environment).
#![cfg(target_arch = "wasm32")]
include!("shared/wasm_body.rs");
