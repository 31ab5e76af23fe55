//! RFC 3339 date-times (`schedule.dateTime`).

/// RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, `T` and `Z` in either
/// case, real calendar dates, and a leap second only at 23:59:60 UTC.
pub(super) fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let part = b.get(from..from + len)?;
        part.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let at = |i: usize, c: &[u8]| b.get(i).is_some_and(|x| c.contains(x));
    let (Some(year), Some(month), Some(day), Some(hour), Some(min), Some(sec)) = (
        num(0, 4),
        num(5, 2),
        num(8, 2),
        num(11, 2),
        num(14, 2),
        num(17, 2),
    ) else {
        return false;
    };
    if !(at(4, b"-") && at(7, b"-") && at(10, b"Tt") && at(13, b":") && at(16, b":")) {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day < 1 || day > days || hour > 23 || min > 59 || sec > 60 {
        return false;
    }
    let mut i = 19;
    if at(i, b".") {
        let digits = b
            .get(i + 1..)
            .unwrap_or(&[])
            .iter()
            .take_while(|d| d.is_ascii_digit())
            .count();
        if digits == 0 {
            return false;
        }
        i += 1 + digits;
    }
    // Offset in minutes east of UTC.
    let offset: i64 = if at(i, b"Zz") && b.len() == i + 1 {
        0
    } else if at(i, b"+-") && b.len() == i + 6 && at(i + 3, b":") {
        let (Some(oh), Some(om)) = (num(i + 1, 2), num(i + 4, 2)) else {
            return false;
        };
        if oh > 23 || om > 59 {
            return false;
        }
        let o = i64::from(oh * 60 + om);
        if at(i, b"-") {
            -o
        } else {
            o
        }
    } else {
        return false;
    };
    if sec == 60 {
        let utc = (i64::from(hour * 60 + min) - offset).rem_euclid(24 * 60);
        return utc == 23 * 60 + 59;
    }
    true
}
