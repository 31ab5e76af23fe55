//! Bytes → `Json::parse` (checked against serde_json) → both request validators.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    botpress_chat_wasm_fuzz::checks::request_bytes(data);
});
