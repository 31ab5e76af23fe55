//! Retry hint headers with odd values (and random ones) → `decide`, `server_delay_ms`,
//! `backoff_ms`, `parse_http_date_ms`.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use botpress_chat_wasm_fuzz::checks::{http_date, retry_headers, RetryInput};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(headers) = botpress_chat_wasm_fuzz::retry_headers(&mut u) else {
        return;
    };
    let status = match u.int_in_range(0..=3u8).unwrap_or(0) {
        0 => None,
        1 => Some(
            *u.choose(&[408u16, 429, 500, 502, 503, 504, 400, 404, 501, 200])
                .unwrap_or(&503),
        ),
        _ => u16::arbitrary(&mut u).ok(),
    };
    let now_ms = match u.int_in_range(0..=4u8).unwrap_or(0) {
        0 => 1_763_000_000_000.0,
        1 => f64::NAN,
        2 => f64::INFINITY,
        3 => -1.0,
        _ => f64::arbitrary(&mut u).unwrap_or(0.0),
    };
    let input = RetryInput {
        headers: &headers,
        status,
        network: bool::arbitrary(&mut u).unwrap_or(false),
        attempt: u.int_in_range(0..=12u32).unwrap_or(1),
        max_retries: u.int_in_range(0..=10u32).unwrap_or(2),
        now_ms,
        rand: f64::arbitrary(&mut u).unwrap_or(0.5),
    };
    retry_headers(&input);
    if let Ok(s) = <&str>::arbitrary(&mut u) {
        http_date(s);
    }
});
