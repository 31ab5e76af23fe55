#![cfg(not(target_arch = "wasm32"))]
//! Inputs the fuzzers found that broke a property, kept as plain tests. A test marked
//! `#[ignore = "bug: …"]` pins a bug that is not fixed yet: it fails until the fix lands, and
//! the fix un-ignores it.

use botpress_chat_wasm::error::{redact, redact_value, ApiError};
use botpress_chat_wasm::model::Value;

/// Found by `parse_response` (the redaction property): replacing the secret with
/// `[redacted]` can rebuild it across the marker's edge when the secret contains `]` or `[`:
/// `d]d]` in `d]d]d]` becomes `[redacted]d]`, which still contains `d]d]`. Bearer tokens
/// may hold any Latin-1 character but CR/LF/NUL, so such a token can reach an ApiError.
#[test]
fn redaction_cannot_rebuild_the_secret() {
    for (secret, text) in [
        ("d]d]", "d]d]d]"),
        ("d]d]", "xd]d]d]y"),
        ("]]", "]]]"),
        ("a[r", "aa[r"),
    ] {
        let r = redact(text, secret);
        assert!(!r.contains(secret), "redact({text:?}, {secret:?}) = {r:?}");
        let v = Value::String(text.into());
        assert!(!redact_value(&v, secret)
            .as_str()
            .unwrap_or("")
            .contains(secret));
    }
    // The same through an error body echoing the token.
    let secret = "d]d]";
    let body = format!(
        "{{\"id\":\"e\",\"code\":400,\"type\":\"InvalidPayload\",\"message\":\"echo {secret}d]\"}}"
    );
    let e = ApiError::from_response(400, &body, None, false, secret);
    assert!(!e.message.contains(secret), "{:?}", e.message);
}
