//! `ClientOptions` / `RequestOptions` trees → `client_options`, `request_options`,
//! `header_value_issue`: nothing with CR/LF/NUL, no reserved header, no plain http to a
//! remote host is ever accepted.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    if let Ok(v) = botpress_chat_wasm_fuzz::options(&mut u) {
        botpress_chat_wasm_fuzz::checks::options(&v);
    }
});
