//! A status and a body (lossy UTF-8, as `Response.text()`) → both response checks,
//! `ApiError::from_response`, and redaction of a secret taken from the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, u8, &[u8])| {
    let (status, secret_len, body) = input;
    // A secret drawn from the body itself, so redaction meets it in every position.
    let text = String::from_utf8_lossy(body);
    let secret: String = text.chars().take(usize::from(secret_len % 24)).collect();
    botpress_chat_wasm_fuzz::checks::response(
        status,
        body,
        if !secret.is_empty() {
            &secret
        } else {
            "sk_fuzz_token"
        },
    );
});
