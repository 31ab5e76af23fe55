//! Ids (prefixed ULIDs), error ids, timestamps and randomness, all from std.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Crockford base32, as ULIDs use it (no I, L, O, U).
pub const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Milliseconds since the Unix epoch (0 if the clock is before it).
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// 64 unpredictable bits: a fresh `RandomState` (per-thread random keys, bumped on every
/// call) hashing a global counter and the current time.
pub fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let mut h = RandomState::new().build_hasher();
    h.write_u64(n);
    h.write_u128(nanos);
    h.finish()
}

/// A 26-character ULID: 48-bit millisecond time, then 80 random bits, Crockford base32.
pub fn ulid_at(ms: u64, random: u128) -> String {
    let value: u128 = (u128::from(ms & 0xFFFF_FFFF_FFFF) << 80) | (random & ((1u128 << 80) - 1));
    (0..26)
        .map(|i| CROCKFORD[((value >> (125 - 5 * i)) & 31) as usize] as char)
        .collect()
}

pub fn ulid() -> String {
    let random = (u128::from(random_u64()) << 64) | u128::from(random_u64());
    ulid_at(now_ms(), random)
}

/// `<prefix>_<ulid>`, e.g. `conv_01J…`.
pub fn prefixed(prefix: &str) -> String {
    let mut s = String::with_capacity(prefix.len() + 27);
    s.push_str(prefix);
    s.push('_');
    s.push_str(&ulid());
    s
}

/// The shape `@botpress/client` gives the ids it makes up: `err_` + UTC
/// `YYYYMMDDHHMMSS` + `x` + 8 uppercase hex digits.
pub fn error_id() -> String {
    let (y, mo, d, h, mi, s, _) = civil(now_ms());
    format!(
        "err_{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}x{:08X}",
        random_u64() as u32
    )
}

/// (year, month, day) of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March-based
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// (year, month, day, hour, minute, second, millisecond) of a Unix time in ms.
fn civil(ms: u64) -> (i64, u32, u32, u64, u64, u64, u64) {
    let secs = ms / 1000;
    let (y, mo, d) = civil_from_days((secs / 86_400) as i64);
    let sod = secs % 86_400;
    (y, mo, d, sod / 3600, sod / 60 % 60, sod % 60, ms % 1000)
}

/// RFC 3339 UTC with milliseconds: `2026-11-21T10:00:00.000Z` (what `Date.toISOString` gives).
pub fn rfc3339(ms: u64) -> String {
    let (y, mo, d, h, mi, s, milli) = civil(ms);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
}

/// splitmix64: the seeded generator behind chaos mode.
#[derive(Clone, Debug)]
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        // 2026-11-21T10:00:00.123Z
        assert_eq!(rfc3339(1_795_255_200_123), "2026-11-21T10:00:00.123Z");
        // Leap day and the 2000 leap century.
        assert_eq!(rfc3339(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(rfc3339(1_709_164_799_999), "2024-02-28T23:59:59.999Z");
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(365 * 30 + 7), (2000, 1, 1));
    }

    #[test]
    fn civil_matches_day_by_day_walk() {
        // Walk 1970..2100 one day at a time and compare with a naive calendar.
        let (mut y, mut m, mut d) = (1970i64, 1u32, 1u32);
        for day in 0..(130 * 366) {
            assert_eq!(civil_from_days(day), (y, m, d), "day {day}");
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let len = [
                31,
                if leap { 29 } else { 28 },
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
            d += 1;
            if d > len[(m - 1) as usize] {
                d = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
        }
    }

    #[test]
    fn ulid_layout() {
        assert_eq!(ulid_at(0, 0), "00000000000000000000000000");
        assert_eq!(ulid_at(u64::MAX, u128::MAX), "7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
        // The spec's example time prefix: 01HF58RDKE is 2023-11-14 (48-bit ms).
        let t = 1_700_000_000_000u64;
        let u = ulid_at(t, 0);
        assert_eq!(&u[10..], "0000000000000000");
        // Decode the time back.
        let back = u[..10].bytes().fold(0u64, |acc, c| {
            acc * 32 + CROCKFORD.iter().position(|&x| x == c).unwrap() as u64
        });
        assert_eq!(back, t);
        let a = ulid();
        let b = ulid();
        assert_ne!(a, b);
        assert!(a.bytes().all(|c| CROCKFORD.contains(&c)));
    }

    #[test]
    fn error_id_shape() {
        let id = error_id();
        assert_eq!(id.len(), 4 + 14 + 1 + 8, "{id}");
        assert!(id.starts_with("err_"));
        assert_eq!(&id[18..19], "x");
        assert!(id[19..]
            .bytes()
            .all(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(&c)));
    }

    #[test]
    fn splitmix_is_deterministic_and_in_range() {
        let mut a = SplitMix(42);
        let mut b = SplitMix(42);
        for _ in 0..1000 {
            let x = a.next_f64();
            assert_eq!(x, b.next_f64());
            assert!((0.0..1.0).contains(&x));
        }
    }
}
