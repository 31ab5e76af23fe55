//! Pure retry/backoff policy: which outcomes are retried, and how long to wait first.
//!
//! Nothing here touches JS: the transport passes in the outcome, a header lookup, the clock
//! and a random number, so every rule is tested natively with fixed inputs.
//!
//! Numbers in headers are parsed by hand (digits, optional `.fraction`) rather than with
//! `str::parse::<f64>`, which would pull float parsing into the size-budgeted wasm.

/// What one attempt ended with.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// `fetch` itself failed (DNS, connection reset, CORS, …).
    Network,
    /// The attempt ran past its `timeoutMs`.
    Timeout,
    /// The server answered with this HTTP status.
    Status(u16),
    /// The caller's signal fired.
    Aborted,
}

/// Whether this outcome may be retried at all.
///
/// Both endpoints are get-or-create, so repeating a request is safe. Retried: network errors,
/// timeouts, 408 (request timeout), 429 (rate limited), 500, 502, 503, 504 (transient server or
/// gateway trouble). Never retried: a caller's abort (they asked us to stop), and every other
/// status: other 4xx will fail the same way again, and 501/505 are permanent.
pub fn is_retryable(outcome: &Outcome) -> bool {
    match *outcome {
        Outcome::Network | Outcome::Timeout => true,
        Outcome::Status(s) => matches!(s, 408 | 429 | 500 | 502 | 503 | 504),
        Outcome::Aborted => false,
    }
}

/// What the transport does next.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Sleep `delay_ms`, then send the same request again.
    Retry { delay_ms: u32 },
    /// Give up and report this outcome.
    Stop,
}

/// Upper bound for any wait, whatever the server asks for: a caller should not hang for minutes
/// inside one call (they can retry themselves later).
pub const MAX_DELAY_MS: u32 = 60_000;

/// Decides whether to retry after an attempt.
///
/// `attempt` counts the attempts already made (1 after the first); `max_retries` is the
/// effective option, so at most `max_retries` retries (`max_retries + 1` attempts) happen.
/// `header` looks a response header up case-insensitively (`None` for network errors and
/// timeouts); `now_ms` is the current Unix time in ms; `rand` is in `[0, 1)`.
pub fn decide(
    outcome: &Outcome,
    attempt: u32,
    max_retries: u32,
    header: &dyn Fn(&str) -> Option<String>,
    now_ms: f64,
    rand: f64,
) -> Decision {
    if !is_retryable(outcome) || attempt > max_retries {
        return Decision::Stop;
    }
    let delay_ms = match server_delay_ms(header, now_ms) {
        Some(ms) => ms,
        None => backoff_ms(attempt.saturating_sub(1), rand),
    };
    Decision::Retry { delay_ms }
}

/// Exponential backoff with jitter: `min(500 ms · 2^n, 8 s) × (1 − 0.25·rand)`, rounded down.
///
/// `retry_index` is 0 for the first retry. The jitter only shortens the wait (by up to 25 %), so
/// the worst case stays predictable while many clients hit by the same outage spread out.
/// `rand` is clamped to `[0, 1]` (NaN counts as 0).
pub fn backoff_ms(retry_index: u32, rand: f64) -> u32 {
    // 500 · 2^4 = 8000, so from the fifth retry on the cap applies (and no shift can overflow).
    let base: u32 = if retry_index >= 4 {
        8_000
    } else {
        500 << retry_index
    };
    let r = if rand > 1.0 {
        1.0
    } else if rand >= 0.0 {
        rand
    } else {
        0.0 // negative or NaN
    };
    // base ≤ 8000 and the factor is in [0.75, 1], so the cast cannot saturate.
    (base as f64 * (1.0 - 0.25 * r)) as u32
}

/// The wait the server asked for, in ms, clamped to `[0, MAX_DELAY_MS]`; `None` when no hint
/// header holds a usable value.
///
/// Headers, first usable one wins:
/// 1. `retry-after-ms`: milliseconds (OpenAI's convention; finer than `Retry-After`).
/// 2. `Retry-After`: delta seconds (`"2"`, `"1.5"`) or an HTTP date (a past date gives 0).
/// 3. `RateLimit-Reset`: delta seconds (IETF RateLimit header fields draft).
/// 4. `X-RateLimit-Reset`: delta seconds, or, from 1 000 000 000 on, Unix epoch seconds
///    (GitHub and others send the reset time; no sane delta is 31 years).
///
/// A value with a sign, an exponent or any other garbage is skipped, and the next header is
/// tried. Values are trimmed first; date and `GMT` matching ignore case.
pub fn server_delay_ms(header: &dyn Fn(&str) -> Option<String>, now_ms: f64) -> Option<u32> {
    if let Some(v) = header("retry-after-ms") {
        if let Some((whole, thousandths)) = parse_decimal(&v) {
            // Round a fractional millisecond up: never retry before the server said.
            return Some(clamp_ms(whole.saturating_add((thousandths > 0) as u64)));
        }
    }
    if let Some(v) = header("retry-after") {
        if let Some(ms) = parse_decimal(&v).map(seconds_to_ms) {
            return Some(clamp_ms(ms));
        }
        if let Some(at) = parse_http_date_ms(&v) {
            return Some(clamp_ms_f64(at - now_ms));
        }
    }
    if let Some(v) = header("ratelimit-reset") {
        if let Some(ms) = parse_decimal(&v).map(seconds_to_ms) {
            return Some(clamp_ms(ms));
        }
    }
    if let Some(v) = header("x-ratelimit-reset") {
        if let Some(parsed) = parse_decimal(&v) {
            let ms = seconds_to_ms(parsed);
            return Some(if parsed.0 >= 1_000_000_000 {
                clamp_ms_f64(ms as f64 - now_ms)
            } else {
                clamp_ms(ms)
            });
        }
    }
    None
}

/// Parses an HTTP date into Unix ms: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete
/// RFC 850 form (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`),
/// as RFC 9110 §5.6.7 asks recipients to accept.
///
/// Names match case-insensitively and `UTC` is taken for `GMT`. The weekday must be a weekday
/// name but is not checked against the date. A two-digit RFC 850 year means 1970–2069.
/// Impossible dates (`31 Feb`, `24:00:00`) give `None`.
pub fn parse_http_date_ms(s: &str) -> Option<f64> {
    let mut tok = [""; 6];
    let mut n = 0;
    for t in s.split([' ', '\t', ',', '-']).filter(|t| !t.is_empty()) {
        *tok.get_mut(n)? = t;
        n += 1;
    }
    if !is_weekday(tok[0]) {
        return None;
    }
    let (day, month, year, time) = match n {
        // IMF-fixdate / RFC 850: wkday, DD Mon YYYY HH:MM:SS GMT (RFC 850 has DD-Mon-YY)
        6 => {
            if !(tok[5].eq_ignore_ascii_case("GMT") || tok[5].eq_ignore_ascii_case("UTC")) {
                return None;
            }
            (tok[1], tok[2], tok[3], tok[4])
        }
        // asctime: wkday Mon D HH:MM:SS YYYY
        5 => (tok[2], tok[1], tok[4], tok[3]),
        _ => return None,
    };
    let year = match year.len() {
        4 => digits(year)?,
        2 if n == 6 => {
            let yy = digits(year)?;
            if yy >= 70 {
                1900 + yy
            } else {
                2000 + yy
            }
        }
        _ => return None,
    };
    let month = month_number(month)?;
    if day.is_empty() || day.len() > 2 {
        return None;
    }
    let day = digits(day)?;
    if day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let t = time.as_bytes();
    if t.len() != 8 || t.get(2) != Some(&b':') || t.get(5) != Some(&b':') {
        return None;
    }
    let h = digits(time.get(0..2)?)?;
    let m = digits(time.get(3..5)?)?;
    let sec = digits(time.get(6..8)?)?;
    // 60 is a leap second; it simply lands on the next second.
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let days = days_from_civil(year as i64, month, day);
    let secs = days * 86_400 + (h * 3_600 + m * 60 + sec) as i64;
    Some(secs as f64 * 1000.0)
}

/// `digits[.digits]`, ASCII whitespace around it allowed, into (whole part, thousandths of the
/// fraction rounded up, 0..=1000). The whole part saturates instead of overflowing.
fn parse_decimal(s: &str) -> Option<(u64, u32)> {
    let s = s.trim_matches(|c: char| c.is_ascii_whitespace());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole = int.bytes().fold(0u64, |acc, b| {
        acc.saturating_mul(10).saturating_add((b - b'0') as u64)
    });
    let mut thousandths = 0u32;
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut scale = 100;
        let mut rest_nonzero = false;
        for b in f.bytes() {
            let d = (b - b'0') as u32;
            if scale > 0 {
                thousandths += d * scale;
                scale /= 10;
            } else if d != 0 {
                rest_nonzero = true;
            }
        }
        thousandths += rest_nonzero as u32;
    }
    Some((whole, thousandths))
}

fn seconds_to_ms((whole, thousandths): (u64, u32)) -> u64 {
    whole
        .saturating_mul(1000)
        .saturating_add(thousandths as u64)
}

fn clamp_ms(ms: u64) -> u32 {
    if ms > MAX_DELAY_MS as u64 {
        MAX_DELAY_MS
    } else {
        ms as u32
    }
}

/// A wait computed from a clock difference: past (or NaN) → 0, fractions rounded up, capped.
fn clamp_ms_f64(ms: f64) -> u32 {
    if ms >= MAX_DELAY_MS as f64 {
        MAX_DELAY_MS
    } else if ms > 0.0 {
        ms.ceil() as u32
    } else {
        0 // past, or NaN
    }
}

/// All-digit text (at most 4 digits here, so no overflow) into its value.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.bytes().fold(0, |acc, b| acc * 10 + (b - b'0') as u32))
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn month_number(s: &str) -> Option<u32> {
    let i = MONTHS.iter().position(|m| s.eq_ignore_ascii_case(m))?;
    Some(i as u32 + 1)
}

/// `Sun` or `Sunday` (any case).
fn is_weekday(s: &str) -> bool {
    WEEKDAYS.iter().any(|w| {
        s.eq_ignore_ascii_case(w)
            || (s.len() == 3 && w.get(..3).is_some_and(|p| s.eq_ignore_ascii_case(p)))
    })
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // [0, 399]
    let mp = (month as i64 + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + day as i64 - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}
