#![cfg(not(target_arch = "wasm32"))]
//! The retry/backoff policy: which outcomes retry, how many times, and how long to wait.

use botpress_chat_wasm::retry::{
    backoff_ms, decide, is_retryable, parse_http_date_ms, server_delay_ms, Decision, Outcome,
    MAX_DELAY_MS,
};
use proptest::prelude::*;

/// 2024-01-01T00:00:00Z, a fixed "now" for date and epoch tests.
const NOW: f64 = 1_704_067_200_000.0;

/// A case-insensitive header lookup over a fixed list, like `Headers.get`.
fn headers(list: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let owned: Vec<(String, String)> = list
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name: &str| {
        owned
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }
}

fn no_headers(_: &str) -> Option<String> {
    None
}

/// The delay of a decision, `None` for Stop (Decision has no Debug on purpose).
fn delay(d: Decision) -> Option<u32> {
    match d {
        Decision::Retry { delay_ms } => Some(delay_ms),
        Decision::Stop => None,
    }
}

fn server(list: &[(&str, &str)]) -> Option<u32> {
    server_delay_ms(&headers(list), NOW)
}

// ---- which outcomes retry ----

#[test]
fn retryable_outcomes() {
    assert!(is_retryable(&Outcome::Network));
    assert!(is_retryable(&Outcome::Timeout));
    for s in [408, 429, 500, 502, 503, 504] {
        assert!(is_retryable(&Outcome::Status(s)), "{s} should retry");
    }
}

#[test]
fn non_retryable_outcomes() {
    assert!(!is_retryable(&Outcome::Aborted));
    for s in [
        0,
        100,
        200,
        201,
        204,
        301,
        304,
        400,
        401,
        403,
        404,
        409,
        410,
        422,
        425,
        499,
        501,
        505,
        511,
        599,
        600,
        999,
        u16::MAX,
    ] {
        assert!(!is_retryable(&Outcome::Status(s)), "{s} should not retry");
    }
}

#[test]
fn retryable_set_is_exactly_the_listed_statuses() {
    let retried: Vec<u16> = (0..=u16::MAX)
        .filter(|&s| is_retryable(&Outcome::Status(s)))
        .collect();
    assert_eq!(retried, vec![408, 429, 500, 502, 503, 504]);
}

#[test]
fn decide_stops_on_non_retryable_even_with_retries_left_and_a_hint() {
    let h = headers(&[("Retry-After", "1")]);
    for o in [
        Outcome::Aborted,
        Outcome::Status(400),
        Outcome::Status(401),
        Outcome::Status(404),
        Outcome::Status(409),
        Outcome::Status(501),
        Outcome::Status(505),
        Outcome::Status(200),
    ] {
        assert!(decide(&o, 1, 10, &h, NOW, 0.0) == Decision::Stop);
    }
}

#[test]
fn abort_never_retries_whatever_the_budget() {
    for attempt in 0..5 {
        for max in [0, 1, 2, 100, u32::MAX] {
            assert!(
                decide(&Outcome::Aborted, attempt, max, &no_headers, NOW, 0.5) == Decision::Stop
            );
        }
    }
}

// ---- the retry budget ----

#[test]
fn max_retries_zero_never_retries() {
    for o in [Outcome::Network, Outcome::Timeout, Outcome::Status(503)] {
        assert!(decide(&o, 1, 0, &no_headers, NOW, 0.0) == Decision::Stop);
    }
}

#[test]
fn max_retries_two_allows_three_attempts() {
    let o = Outcome::Status(503);
    assert_eq!(delay(decide(&o, 1, 2, &no_headers, NOW, 0.0)), Some(500));
    assert_eq!(delay(decide(&o, 2, 2, &no_headers, NOW, 0.0)), Some(1000));
    assert!(decide(&o, 3, 2, &no_headers, NOW, 0.0) == Decision::Stop);
    assert!(decide(&o, 4, 2, &no_headers, NOW, 0.0) == Decision::Stop);
}

#[test]
fn attempt_count_saturates_at_the_edges() {
    // attempt 0 is not a real call site, but must not underflow the backoff index.
    assert_eq!(
        delay(decide(&Outcome::Network, 0, 2, &no_headers, NOW, 0.0)),
        Some(500)
    );
    assert_eq!(
        delay(decide(
            &Outcome::Network,
            u32::MAX,
            u32::MAX,
            &no_headers,
            NOW,
            0.0
        )),
        Some(8000)
    );
}

#[test]
fn network_and_timeout_use_backoff() {
    assert_eq!(
        delay(decide(&Outcome::Network, 1, 2, &no_headers, NOW, 0.0)),
        Some(500)
    );
    assert_eq!(
        delay(decide(&Outcome::Timeout, 2, 2, &no_headers, NOW, 1.0)),
        Some(750)
    );
}

// ---- backoff ----

#[test]
fn backoff_sequence_without_jitter() {
    let seq: Vec<u32> = (0..6).map(|n| backoff_ms(n, 0.0)).collect();
    assert_eq!(seq, vec![500, 1000, 2000, 4000, 8000, 8000]);
    assert_eq!(backoff_ms(31, 0.0), 8000);
    assert_eq!(backoff_ms(32, 0.0), 8000);
    assert_eq!(backoff_ms(u32::MAX, 0.0), 8000);
}

#[test]
fn backoff_sequence_with_full_jitter() {
    let near_one = 1.0 - f64::EPSILON;
    let seq: Vec<u32> = (0..6).map(|n| backoff_ms(n, near_one)).collect();
    assert_eq!(seq, vec![375, 750, 1500, 3000, 6000, 6000]);
    let seq: Vec<u32> = (0..6).map(|n| backoff_ms(n, 1.0)).collect();
    assert_eq!(seq, vec![375, 750, 1500, 3000, 6000, 6000]);
}

#[test]
fn backoff_half_jitter_rounds_down() {
    assert_eq!(backoff_ms(0, 0.5), 437); // 437.5
    assert_eq!(backoff_ms(1, 0.5), 875);
}

#[test]
fn backoff_clamps_out_of_range_rand() {
    assert_eq!(backoff_ms(0, -3.0), 500);
    assert_eq!(backoff_ms(0, f64::NAN), 500);
    assert_eq!(backoff_ms(0, f64::NEG_INFINITY), 500);
    assert_eq!(backoff_ms(0, 7.0), 375);
    assert_eq!(backoff_ms(0, f64::INFINITY), 375);
}

proptest! {
    #[test]
    fn backoff_within_jitter_bounds(n in 0u32..64, rand in 0.0f64..1.0) {
        let base = 500u32.saturating_mul(1u32.checked_shl(n).unwrap_or(u32::MAX)).min(8000);
        let d = backoff_ms(n, rand);
        prop_assert!(d <= base, "{d} > {base}");
        prop_assert!(d >= base * 3 / 4, "{d} < 75% of {base}");
    }

    #[test]
    fn backoff_is_monotonic_in_index_and_antitone_in_rand(n in 0u32..10, a in 0.0f64..1.0, b in 0.0f64..1.0) {
        prop_assert!(backoff_ms(n, a) <= backoff_ms(n + 1, a));
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(backoff_ms(n, hi) <= backoff_ms(n, lo));
    }

    #[test]
    fn backoff_any_rand_stays_bounded(n in any::<u32>(), rand in any::<f64>()) {
        let d = backoff_ms(n, rand);
        prop_assert!((375..=8000).contains(&d));
    }
}

// ---- server hints ----

#[test]
fn retry_after_seconds() {
    assert_eq!(server(&[("Retry-After", "2")]), Some(2000));
    assert_eq!(server(&[("Retry-After", "0")]), Some(0));
    assert_eq!(server(&[("Retry-After", "007")]), Some(7000));
    assert_eq!(server(&[("retry-after", "  3 \t")]), Some(3000));
    // decide uses it instead of the backoff
    let h = headers(&[("Retry-After", "2")]);
    assert_eq!(
        delay(decide(&Outcome::Status(429), 1, 2, &h, NOW, 0.9)),
        Some(2000)
    );
}

#[test]
fn retry_after_decimal_seconds() {
    assert_eq!(server(&[("Retry-After", "1.5")]), Some(1500));
    assert_eq!(server(&[("Retry-After", "0.25")]), Some(250));
    assert_eq!(server(&[("Retry-After", "0.001")]), Some(1));
    // sub-millisecond remainders round up, never retry early
    assert_eq!(server(&[("Retry-After", "0.0001")]), Some(1));
    assert_eq!(server(&[("Retry-After", "1.2345")]), Some(1235));
    assert_eq!(server(&[("Retry-After", "1.2340000")]), Some(1234));
    assert_eq!(server(&[("Retry-After", "2.9999")]), Some(3000));
}

#[test]
fn retry_after_http_date_future() {
    // NOW + 30 s
    let h = [("Retry-After", "Mon, 01 Jan 2024 00:00:30 GMT")];
    assert_eq!(server(&h), Some(30_000));
    // a fractional now rounds the wait up
    assert_eq!(server_delay_ms(&headers(&h), NOW + 0.5), Some(30_000));
    assert_eq!(server_delay_ms(&headers(&h), NOW + 1.0), Some(29_999));
    let h = headers(&[("Retry-After", "Mon, 01 Jan 2024 00:00:05 GMT")]);
    assert_eq!(
        delay(decide(&Outcome::Status(503), 1, 2, &h, NOW, 0.0)),
        Some(5000)
    );
}

#[test]
fn retry_after_http_date_past_gives_zero() {
    assert_eq!(
        server(&[("Retry-After", "Sun, 31 Dec 2023 23:59:00 GMT")]),
        Some(0)
    );
    assert_eq!(
        server(&[("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT")]),
        Some(0)
    );
    // exactly now
    assert_eq!(
        server(&[("Retry-After", "Mon, 01 Jan 2024 00:00:00 GMT")]),
        Some(0)
    );
}

#[test]
fn retry_after_http_date_far_future_is_capped() {
    assert_eq!(
        server(&[("Retry-After", "Mon, 01 Jan 2024 01:00:00 GMT")]),
        Some(MAX_DELAY_MS)
    );
}

#[test]
fn retry_after_lowercase_date() {
    assert_eq!(
        server(&[("retry-after", "  mon, 01 jan 2024 00:00:10 gmt ")]),
        Some(10_000)
    );
}

#[test]
fn over_sixty_seconds_is_capped() {
    assert_eq!(server(&[("Retry-After", "61")]), Some(60_000));
    assert_eq!(server(&[("Retry-After", "60")]), Some(60_000));
    assert_eq!(server(&[("Retry-After", "59.999")]), Some(59_999));
    assert_eq!(server(&[("Retry-After", "3600")]), Some(60_000));
    assert_eq!(
        server(&[("Retry-After", "18446744073709551616")]),
        Some(60_000)
    );
    assert_eq!(server(&[("Retry-After", &"9".repeat(5000))]), Some(60_000));
    assert_eq!(server(&[("retry-after-ms", "60001")]), Some(60_000));
    assert_eq!(server(&[("RateLimit-Reset", "120")]), Some(60_000));
    assert_eq!(server(&[("X-RateLimit-Reset", "999999999")]), Some(60_000));
}

#[test]
fn retry_after_ms() {
    assert_eq!(server(&[("retry-after-ms", "250")]), Some(250));
    assert_eq!(server(&[("Retry-After-Ms", "0")]), Some(0));
    assert_eq!(server(&[("retry-after-ms", "12.2")]), Some(13));
    assert_eq!(server(&[("retry-after-ms", "12.0")]), Some(12));
}

#[test]
fn ratelimit_reset_delta() {
    assert_eq!(server(&[("RateLimit-Reset", "7")]), Some(7000));
    assert_eq!(server(&[("ratelimit-reset", " 0.5 ")]), Some(500));
}

#[test]
fn x_ratelimit_reset_delta_and_epoch() {
    assert_eq!(server(&[("X-RateLimit-Reset", "4")]), Some(4000));
    // epoch seconds: NOW is 1704067200 s
    assert_eq!(server(&[("X-RateLimit-Reset", "1704067212")]), Some(12_000));
    assert_eq!(
        server(&[("X-RateLimit-Reset", "1704067212.5")]),
        Some(12_500)
    );
    assert_eq!(server(&[("X-RateLimit-Reset", "1704067100")]), Some(0));
    assert_eq!(server(&[("X-RateLimit-Reset", "1704077200")]), Some(60_000));
    // the threshold: 1e9 is an epoch (long past), 1e9 - 1 a (capped) delta
    assert_eq!(server(&[("X-RateLimit-Reset", "1000000000")]), Some(0));
    assert_eq!(server(&[("X-RateLimit-Reset", "999999999")]), Some(60_000));
    let h = headers(&[("x-ratelimit-reset", "1704067203")]);
    assert_eq!(
        delay(decide(&Outcome::Status(429), 2, 2, &h, NOW, 0.0)),
        Some(3000)
    );
}

#[test]
fn precedence_order() {
    let all = [
        ("X-RateLimit-Reset", "4"),
        ("RateLimit-Reset", "3"),
        ("Retry-After", "2"),
        ("retry-after-ms", "1"),
    ];
    assert_eq!(server(&all), Some(1));
    assert_eq!(server(&all[..3]), Some(2000));
    assert_eq!(server(&all[..2]), Some(3000));
    assert_eq!(server(&all[..1]), Some(4000));
    // each lower header is ignored when a higher one is usable, even if it asks for less
    assert_eq!(
        server(&[("Retry-After", "9"), ("RateLimit-Reset", "0")]),
        Some(9000)
    );
}

#[test]
fn garbage_falls_through_to_the_next_header() {
    assert_eq!(
        server(&[("retry-after-ms", "soon"), ("Retry-After", "2")]),
        Some(2000)
    );
    assert_eq!(
        server(&[("Retry-After", "-5"), ("RateLimit-Reset", "3")]),
        Some(3000)
    );
    assert_eq!(
        server(&[
            ("Retry-After", "tomorrow"),
            ("RateLimit-Reset", "x"),
            ("X-RateLimit-Reset", "4")
        ]),
        Some(4000)
    );
}

#[test]
fn garbage_falls_back_to_backoff() {
    for bad in [
        "",
        "  ",
        "abc",
        "-1",
        "-0",
        "+5",
        "1e3",
        "1e99",
        "1.",
        ".5",
        "1..2",
        "1.2.3",
        "0x10",
        "1,5",
        "5 s",
        "NaN",
        "Infinity",
        "٣",
        "５",
        "1\u{0}",
        "Mon, 32 Jan 2024 00:00:00 GMT",
    ] {
        let h = headers(&[
            ("retry-after-ms", bad),
            ("Retry-After", bad),
            ("RateLimit-Reset", bad),
            ("X-RateLimit-Reset", bad),
        ]);
        assert_eq!(server_delay_ms(&h, NOW), None, "{bad:?}");
        assert_eq!(
            delay(decide(&Outcome::Status(503), 2, 2, &h, NOW, 0.0)),
            Some(1000),
            "{bad:?}"
        );
    }
}

#[test]
fn no_headers_means_backoff() {
    assert_eq!(server_delay_ms(&no_headers, NOW), None);
}

#[test]
fn nan_clock_never_waits_past_the_cap() {
    let h = headers(&[("Retry-After", "Mon, 01 Jan 2024 00:00:30 GMT")]);
    let d = server_delay_ms(&h, f64::NAN).unwrap();
    assert!(d <= MAX_DELAY_MS);
}

// ---- HTTP dates ----

#[test]
fn http_date_known_values() {
    assert_eq!(
        parse_http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT"),
        Some(784_111_777_000.0)
    );
    assert_eq!(
        parse_http_date_ms("Thu, 01 Jan 1970 00:00:00 GMT"),
        Some(0.0)
    );
    assert_eq!(
        parse_http_date_ms("Wed, 31 Dec 1969 23:59:59 GMT"),
        Some(-1000.0)
    );
    assert_eq!(
        parse_http_date_ms("Tue, 29 Feb 2000 12:00:00 GMT"),
        Some(951_825_600_000.0)
    );
    assert_eq!(
        parse_http_date_ms("Mon, 01 Jan 2024 00:00:00 GMT"),
        Some(NOW)
    );
    assert_eq!(
        parse_http_date_ms("Tue, 19 Jan 2038 03:14:08 GMT"),
        Some(2_147_483_648_000.0)
    );
    assert_eq!(
        parse_http_date_ms("Fri, 31 Dec 9999 23:59:59 GMT"),
        Some(253_402_300_799_000.0)
    );
}

#[test]
fn http_date_obsolete_forms() {
    let want = Some(784_111_777_000.0);
    assert_eq!(parse_http_date_ms("Sunday, 06-Nov-94 08:49:37 GMT"), want);
    assert_eq!(parse_http_date_ms("Sun Nov  6 08:49:37 1994"), want);
    assert_eq!(parse_http_date_ms("Sun Nov 06 08:49:37 1994"), want);
    // two-digit years below 70 are this century
    assert_eq!(
        parse_http_date_ms("Monday, 01-Jan-24 00:00:00 GMT"),
        Some(NOW)
    );
}

#[test]
fn http_date_case_and_whitespace() {
    let want = Some(784_111_777_000.0);
    assert_eq!(parse_http_date_ms("sun, 06 nov 1994 08:49:37 gmt"), want);
    assert_eq!(parse_http_date_ms("SUN, 06 NOV 1994 08:49:37 GMT"), want);
    assert_eq!(
        parse_http_date_ms("  Sun, 06 Nov 1994 08:49:37 GMT  "),
        want
    );
    assert_eq!(parse_http_date_ms("Sun, 06 Nov 1994 08:49:37 UTC"), want);
}

#[test]
fn http_date_rejects_impossible_or_malformed() {
    for bad in [
        "",
        "   ",
        "Sun, 06 Nov 1994 08:49:37",
        "Sun, 06 Nov 1994 08:49:37 PST",
        "Sun, 06 Nov 1994 08:49:37 GMT extra",
        "Xyz, 06 Nov 1994 08:49:37 GMT",
        "Su, 06 Nov 1994 08:49:37 GMT",
        "Sun, 00 Nov 1994 08:49:37 GMT",
        "Sun, 31 Nov 1994 08:49:37 GMT",
        "Sun, 29 Feb 1900 08:49:37 GMT",
        "Sun, 29 Feb 2023 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 94 08:49:37 UTCX",
        "Sun, 06 Nov 199 08:49:37 GMT",
        "Sun, 06 Nov 19945 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 23:60:00 GMT",
        "Sun, 06 Nov 1994 23:59:61 GMT",
        "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sun, 06 Nov 1994 08-49-37 GMT",
        "Sun, 06 Nov 1994 08:49:3é GMT",
        "Sun, 006 Nov 1994 08:49:37 GMT",
        "Sun, +6 Nov 1994 08:49:37 GMT",
        "Sun Nov  6 08:49:37 94",
        "1994-11-06T08:49:37Z",
        "Sonntag, 06 Nov 1994 08:49:37 GMT",
        "日, 06 Nov 1994 08:49:37 GMT",
    ] {
        assert_eq!(parse_http_date_ms(bad), None, "{bad:?}");
    }
}

#[test]
fn http_date_leap_second_is_accepted() {
    assert_eq!(
        parse_http_date_ms("Sat, 31 Dec 2016 23:59:60 GMT"),
        parse_http_date_ms("Sun, 01 Jan 2017 00:00:00 GMT")
    );
}

/// Reference: days since 1970 by counting, for the proptest below.
fn reference_days(year: i64, month: u32, day: u32) -> i64 {
    let leap = |y: i64| y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let mut days = 0i64;
    for y in 1970..year {
        days += if leap(y) { 366 } else { 365 };
    }
    let lens = [
        31,
        if leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    days += lens[..month as usize - 1].iter().sum::<i64>();
    days + day as i64 - 1
}

const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

proptest! {
    #[test]
    fn http_date_matches_reference(
        year in 1970i64..2400, month in 1u32..=12, day in 1u32..=28,
        h in 0u32..24, m in 0u32..60, s in 0u32..60,
    ) {
        let imf = format!("Tue, {day:02} {} {year} {h:02}:{m:02}:{s:02} GMT", MONTH_NAMES[month as usize - 1]);
        let asc = format!("Tue {} {day:>2} {h:02}:{m:02}:{s:02} {year}", MONTH_NAMES[month as usize - 1]);
        let want = ((reference_days(year, month, day) * 86_400) + (h * 3600 + m * 60 + s) as i64) as f64 * 1000.0;
        prop_assert_eq!(parse_http_date_ms(&imf), Some(want));
        prop_assert_eq!(parse_http_date_ms(&asc), Some(want));
    }

    #[test]
    fn http_date_never_panics(s in any::<String>()) {
        let _ = parse_http_date_ms(&s);
    }

    #[test]
    fn http_date_never_panics_on_near_misses(s in "[A-Za-z]{0,9},? [0-9]{0,3}[ -][A-Za-z]{0,4}[ -][0-9]{0,5} [0-9:]{0,9} [A-Za-z]{0,4}") {
        if let Some(ms) = parse_http_date_ms(&s) {
            prop_assert!(ms.is_finite());
        }
    }
}

// ---- never panic, never exceed the cap ----

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ \t]{0,2}[+-]?[0-9]{0,25}(\\.[0-9]{0,25})?(e[+-]?[0-9]{1,3})?[ \t]{0,2}",
        "[0-9]{1,400}",
        Just("1e99".to_string()),
        Just("-0".to_string()),
        Just("+5".to_string()),
        Just(String::new()),
        Just("  ".to_string()),
        "[A-Za-z]{3}, [0-9]{2} [A-Za-z]{3} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn decide_never_panics_nor_exceeds_cap(
        a in proptest::option::of(header_value()),
        b in proptest::option::of(header_value()),
        c in proptest::option::of(header_value()),
        d in proptest::option::of(header_value()),
        status in any::<u16>(),
        attempt in 0u32..6,
        max in 0u32..6,
        now in prop_oneof![Just(NOW), any::<f64>(), 0.0f64..4e12],
        rand in any::<f64>(),
    ) {
        let mut list = Vec::new();
        if let Some(v) = &a { list.push(("retry-after-ms", v.as_str())); }
        if let Some(v) = &b { list.push(("Retry-After", v.as_str())); }
        if let Some(v) = &c { list.push(("RateLimit-Reset", v.as_str())); }
        if let Some(v) = &d { list.push(("X-RateLimit-Reset", v.as_str())); }
        let h = headers(&list);
        if let Some(ms) = server_delay_ms(&h, now) {
            prop_assert!(ms <= MAX_DELAY_MS);
        }
        let outcome = Outcome::Status(status);
        match decide(&outcome, attempt, max, &h, now, rand) {
            Decision::Retry { delay_ms } => {
                prop_assert!(delay_ms <= MAX_DELAY_MS);
                prop_assert!(is_retryable(&outcome));
                prop_assert!(attempt <= max);
            }
            Decision::Stop => prop_assert!(!is_retryable(&outcome) || attempt > max),
        }
    }

    #[test]
    fn integer_seconds_round_trip(secs in 0u64..=60) {
        let v = secs.to_string();
        prop_assert_eq!(server(&[("Retry-After", &v)]), Some(secs as u32 * 1000));
        prop_assert_eq!(server(&[("RateLimit-Reset", &v)]), Some(secs as u32 * 1000));
        prop_assert_eq!(server(&[("X-RateLimit-Reset", &v)]), Some(secs as u32 * 1000));
    }

    #[test]
    fn decimal_seconds_match_exact_arithmetic(whole in 0u64..60, frac in 0u32..1000) {
        let v = format!("{whole}.{frac:03}");
        prop_assert_eq!(server(&[("Retry-After", &v)]), Some((whole * 1000) as u32 + frac));
    }
}
