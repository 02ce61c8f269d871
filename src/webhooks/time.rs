//! The one date-time format Plain's webhooks use: RFC 3339 (JSON Schema
//! `format: date-time`), such as `2026-04-21T10:15:30.123Z`.

/// Milliseconds since the Unix epoch of an RFC 3339 date-time
/// (`YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`); `None` if `s` is not one.
///
/// Digits past milliseconds are truncated; a leap second (`:60`) counts as
/// the last millisecond of its minute.
pub(crate) fn parse_rfc3339_millis(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let mut c = Cursor { b, pos: 0 };
    let year = i64::from(c.digits(4)?);
    c.expect(b'-')?;
    let month = c.digits(2)?;
    c.expect(b'-')?;
    let day = c.digits(2)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    match c.next()? {
        b'T' | b't' | b' ' => {}
        _ => return None,
    }
    let hour = c.digits(2)?;
    c.expect(b':')?;
    let minute = c.digits(2)?;
    c.expect(b':')?;
    let second = c.digits(2)?;
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut millis = 0i64;
    if c.peek() == Some(b'.') {
        c.pos += 1;
        let mut n = 0;
        while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
            if n < 3 {
                millis = millis * 10 + i64::from(d - b'0');
            }
            n += 1;
            c.pos += 1;
        }
        if n == 0 {
            return None;
        }
        for _ in n..3 {
            millis *= 10;
        }
    }
    let offset_minutes = match c.next()? {
        b'Z' | b'z' => 0,
        sign @ (b'+' | b'-') => {
            let h = i64::from(c.digits(2)?);
            c.expect(b':')?;
            let m = i64::from(c.digits(2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let total = h * 60 + m;
            if sign == b'+' {
                total
            } else {
                -total
            }
        }
        _ => return None,
    };
    if c.pos != b.len() {
        return None;
    }
    let (second, millis) = if second == 60 {
        (59, 999)
    } else {
        (i64::from(second), millis)
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + i64::from(hour) * 3_600 + i64::from(minute) * 60 + second
        - offset_minutes * 60;
    Some(seconds * 1_000 + millis)
}

struct Cursor<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.pos += 1;
        Some(byte)
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then_some(())
    }

    /// Exactly `n` ASCII digits.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let mut value = 0u32;
        for _ in 0..n {
            let d = self.next().filter(u8::is_ascii_digit)?;
            value = value * 10 + u32::from(d - b'0');
        }
        Some(value)
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::parse_rfc3339_millis as parse;

    #[test]
    fn parses_valid_date_times() {
        let cases: &[(&str, i64)] = &[
            ("1970-01-01T00:00:00Z", 0),
            ("1970-01-01T00:00:00.001Z", 1),
            ("1970-01-01T00:00:01.5Z", 1_500),
            ("1970-01-01T00:00:00.123456789Z", 123),
            ("1969-12-31T23:59:59Z", -1_000),
            ("2000-02-29T00:00:00Z", 951_782_400_000),
            ("2026-04-21T10:15:30.123Z", 1_776_766_530_123),
            ("2026-04-21T12:15:30.123+02:00", 1_776_766_530_123),
            ("2026-04-21T05:45:30.123-04:30", 1_776_766_530_123),
            ("2026-04-21t10:15:30.123z", 1_776_766_530_123),
            ("2026-04-21 10:15:30.123Z", 1_776_766_530_123),
            ("2016-12-31T23:59:60Z", 1_483_228_799_999),
            ("9999-12-31T23:59:59Z", 253_402_300_799_000),
        ];
        for (text, millis) in cases {
            assert_eq!(parse(text), Some(*millis), "{text}");
        }
    }

    #[test]
    fn rejects_everything_else() {
        let cases = [
            "",
            "2026-04-21",
            "2026-04-21T10:15Z",
            "2026-04-21T10:15:30",
            "2026-04-21T10:15:30.Z",
            "2026-04-21T10:15:30.123",
            "2026-04-21T10:15:30.123+0200",
            "2026-04-21T10:15:30.123+02",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-04-21T24:00:00Z",
            "2026-04-21T10:60:00Z",
            "2026-04-21T10:15:61Z",
            "2026-04-21T10:15:30Z ",
            " 2026-04-21T10:15:30Z",
            "2026-04-21T10:15:30ZZ",
            "+2026-04-21T10:15:30Z",
            "2026-4-21T10:15:30Z",
            "1776766530",
            "２０２６-04-21T10:15:30Z",
        ];
        for text in cases {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}
