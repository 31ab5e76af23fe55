//! Structured: request-shaped value trees (JS-only leaves, deep chains, boundary lengths)
//! → both request validators, and the JSON round trip of what they accept.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    if let Ok(v) = botpress_chat_wasm_fuzz::request(&mut u) {
        botpress_chat_wasm_fuzz::checks::request_value(&v);
    }
});
