//! Date-times: the crate's one RFC 3339 / ISO 8601 parser and formatter.
//!
//! Plain writes times as RFC 3339 in UTC (`2026-01-06T15:30:00.000Z`): in
//! `DateTime.iso8601`, in webhook payloads and in `x-ratelimit-reset`. The
//! places that read them differ only in how much of ISO 8601 they accept, so
//! the one parser takes a `Syntax` saying so.
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use plain_sdk::time::{format_rfc3339, parse_rfc3339};
//!
//! let t = UNIX_EPOCH + Duration::from_millis(1_767_713_400_250);
//! assert_eq!(format_rfc3339(t), "2026-01-06T15:30:00.250Z");
//! assert_eq!(parse_rfc3339("2026-01-06T16:30:00.250+01:00"), Some(t));
//! assert_eq!(parse_rfc3339("next Tuesday"), None);
//! ```

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `t` as RFC 3339 in UTC with milliseconds, the way Plain writes times
/// (`YYYY-MM-DDTHH:MM:SS.mmmZ`), e.g. for a `DateTimeInput`. Times before
/// 1970 print as the epoch.
pub fn format_rfc3339(t: SystemTime) -> String {
    let since = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let (secs, millis) = (since.as_secs(), since.subsec_millis());
    let (year, month, day) = civil_from_days(i64::try_from(secs / 86_400).unwrap_or(i64::MAX));
    let rem = secs % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Parses an RFC 3339 date-time such as `2026-01-06T15:30:00.000Z` or
/// `2026-01-06T16:30:00+01:00`: seconds and an offset are required, a
/// fraction of any length is kept to the nanosecond. `None` for anything
/// else, and for times before 1970.
pub fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    parse(text, &Syntax::RFC3339)?.system_time()
}

/// How much of ISO 8601 a caller accepts, beyond the core
/// `YYYY-MM-DDTHH:MM` (a `T` or `t` between date and time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Syntax {
    /// `:SS` must follow the minutes.
    pub seconds_required: bool,
    /// An offset (`Z`, `±HH:MM` …) must end the text; without one the time is UTC.
    pub offset_required: bool,
    /// A space may separate date and time, as RFC 3339 allows.
    pub space_separator: bool,
    /// Also `±HHMM` and `±HH` offsets, a `,` before the fraction, and
    /// whitespace around the text (ISO 8601's wider forms).
    pub lenient: bool,
}

impl Syntax {
    /// RFC 3339 (JSON Schema's `format: date-time`): webhooks, [`parse_rfc3339`].
    pub const RFC3339: Syntax = Syntax {
        seconds_required: true,
        offset_required: true,
        space_separator: true,
        lenient: false,
    };
    /// What a header from the network may hold (`x-ratelimit-reset`): any
    /// common ISO 8601 form; no offset means UTC.
    pub const HEADER: Syntax = Syntax {
        seconds_required: true,
        offset_required: false,
        space_separator: true,
        lenient: true,
    };
    /// What Plain's UI components accept (`componentDateTime`): ISO 8601
    /// extended format, `YYYY-MM-DDTHH:MM[:SS[.fraction]][Z|±HH:MM]`.
    pub const COMPONENT: Syntax = Syntax {
        seconds_required: false,
        offset_required: false,
        space_separator: false,
        lenient: false,
    };
}

/// A parsed date-time: seconds since the Unix epoch (negative before 1970)
/// and nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Timestamp {
    secs: i64,
    nanos: u32,
}

impl Timestamp {
    /// Milliseconds since the Unix epoch; digits past milliseconds are dropped.
    // Webhook freshness reads it, and the tests.
    #[cfg_attr(not(feature = "webhooks"), allow(dead_code))]
    pub fn unix_millis(self) -> i64 {
        self.secs * 1_000 + i64::from(self.nanos / 1_000_000)
    }

    /// The time as a [`SystemTime`]; `None` before 1970.
    pub fn system_time(self) -> Option<SystemTime> {
        let secs = u64::try_from(self.secs).ok()?;
        UNIX_EPOCH.checked_add(Duration::new(secs, self.nanos))
    }
}

/// Parses `text` as `syntax` allows; `None` if it is not such a date-time.
/// A leap second (`:60`) counts as the last nanosecond of its minute.
pub(crate) fn parse(text: &str, syntax: &Syntax) -> Option<Timestamp> {
    let text = if syntax.lenient { text.trim() } else { text };
    let mut c = Cursor {
        bytes: text.as_bytes(),
        pos: 0,
    };
    let year = c.digits(4)?;
    c.expect(b'-')?;
    let month = c.digits(2)?;
    c.expect(b'-')?;
    let day = c.digits(2)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    match c.next()? {
        b'T' | b't' => {}
        b' ' if syntax.space_separator => {}
        _ => return None,
    }
    let hour = c.digits(2)?;
    c.expect(b':')?;
    let minute = c.digits(2)?;
    let mut second = 0;
    let mut nanos = 0;
    if c.eat(b':') {
        second = c.digits(2)?;
        let fraction = c.eat(b'.') || (syntax.lenient && c.eat(b','));
        if fraction {
            nanos = c.fraction()?;
        }
    } else if syntax.seconds_required {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    if second == 60 {
        second = 59;
        nanos = 999_999_999;
    }
    let offset_minutes = match c.next() {
        None if syntax.offset_required => return None,
        None => 0,
        Some(b'Z' | b'z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let hours = c.digits(2)?;
            let minutes = if c.eat(b':') {
                c.digits(2)?
            } else if !syntax.lenient {
                return None;
            } else if c.at_end() {
                0
            } else {
                c.digits(2)?
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let total = i64::from(hours * 60 + minutes);
            if sign == b'+' {
                total
            } else {
                -total
            }
        }
        Some(_) => return None,
    };
    if !c.at_end() {
        return None;
    }
    let days = days_from_civil(i64::from(year), month, day);
    let secs = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second) - offset_minutes * 60;
    Some(Timestamp { secs, nanos })
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn next(&mut self) -> Option<u8> {
        let byte = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(byte)
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then_some(())
    }

    /// Consumes `byte` if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        let next = self.bytes.get(self.pos) == Some(&byte);
        self.pos += usize::from(next);
        next
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

    /// One or more digits of a fraction of a second, as nanoseconds.
    fn fraction(&mut self) -> Option<u32> {
        let mut nanos = 0u32;
        let mut count = 0usize;
        while let Some(d) = self.bytes.get(self.pos).filter(|b| b.is_ascii_digit()) {
            if count < 9 {
                nanos = nanos * 10 + u32::from(d - b'0');
            }
            count += 1;
            self.pos += 1;
        }
        if count == 0 {
            return None;
        }
        Some(nanos * 10u32.pow(9usize.saturating_sub(count) as u32))
    }

    fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
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

/// The inverse of [`days_from_civil`]: (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn millis(text: &str, syntax: &Syntax) -> Option<i64> {
        parse(text, syntax).map(Timestamp::unix_millis)
    }

    /// (text, RFC3339, HEADER, COMPONENT), each the Unix milliseconds or None.
    type Row = (&'static str, Option<i64>, Option<i64>, Option<i64>);

    #[rustfmt::skip]
    const TABLE: &[Row] = &[
        ("1970-01-01T00:00:00Z", Some(0), Some(0), Some(0)),
        ("1970-01-01T00:00:00.001Z", Some(1), Some(1), Some(1)),
        ("1970-01-01T00:00:01.5Z", Some(1_500), Some(1_500), Some(1_500)),
        ("1970-01-01T00:00:00.123456789123Z", Some(123), Some(123), Some(123)),
        ("1969-12-31T23:59:59Z", Some(-1_000), Some(-1_000), Some(-1_000)),
        ("2000-02-29T00:00:00Z", Some(951_782_400_000), Some(951_782_400_000), Some(951_782_400_000)),
        ("2026-04-21T10:15:30.123Z", Some(1_776_766_530_123), Some(1_776_766_530_123), Some(1_776_766_530_123)),
        ("2026-04-21T12:15:30.123+02:00", Some(1_776_766_530_123), Some(1_776_766_530_123), Some(1_776_766_530_123)),
        ("2026-04-21T05:45:30.123-04:30", Some(1_776_766_530_123), Some(1_776_766_530_123), Some(1_776_766_530_123)),
        ("2026-04-21t10:15:30.123z", Some(1_776_766_530_123), Some(1_776_766_530_123), Some(1_776_766_530_123)),
        ("2026-04-21 10:15:30.123Z", Some(1_776_766_530_123), Some(1_776_766_530_123), None),
        ("2016-12-31T23:59:60Z", Some(1_483_228_799_999), Some(1_483_228_799_999), Some(1_483_228_799_999)),
        ("9999-12-31T23:59:59Z", Some(253_402_300_799_000), Some(253_402_300_799_000), Some(253_402_300_799_000)),
        // No offset: UTC where allowed.
        ("2026-01-06T15:30:00", None, Some(1_767_713_400_000), Some(1_767_713_400_000)),
        ("2026-01-06 15:30:00", None, Some(1_767_713_400_000), None),
        // No seconds: only components.
        ("2026-01-06T15:30Z", None, None, Some(1_767_713_400_000)),
        ("2026-01-06T15:30", None, None, Some(1_767_713_400_000)),
        ("2026-01-06T15:30+01:00", None, None, Some(1_767_709_800_000)),
        // ISO 8601's wider forms: only headers.
        ("2026-01-06T14:00:00-0130", None, Some(1_767_713_400_000), None),
        ("2026-01-06T17:30:00+02", None, Some(1_767_713_400_000), None),
        ("2026-01-06T15:30:00,5Z", None, Some(1_767_713_400_500), None),
        (" 2026-01-06T15:30:00.000Z ", None, Some(1_767_713_400_000), None),
        // Never.
        ("", None, None, None),
        ("2026-04-21", None, None, None),
        ("2026-04-21T10:15:30.Z", None, None, None),
        ("2026-04-21T10:15:30+1", None, None, None),
        ("2026-04-21T10:15:30+123", None, None, None),
        ("2026-04-21T10:15:30+24:00", None, None, None),
        ("2026-04-21T10:15:30+02:60", None, None, None),
        ("2026-13-01T00:00:00Z", None, None, None),
        ("2026-00-01T00:00:00Z", None, None, None),
        ("2026-02-29T00:00:00Z", None, None, None),
        ("1900-02-29T00:00:00Z", None, None, None),
        ("2026-04-31T00:00:00Z", None, None, None),
        ("2026-04-21T24:00:00Z", None, None, None),
        ("2026-04-21T10:60:00Z", None, None, None),
        ("2026-04-21T10:15:61Z", None, None, None),
        ("2026-04-21T10:15:30ZZ", None, None, None),
        ("2026-04-21T10:15:30Zx", None, None, None),
        ("+2026-04-21T10:15:30Z", None, None, None),
        ("2026-4-21T10:15:30Z", None, None, None),
        ("1776766530", None, None, None),
        ("soon", None, None, None),
        ("２０２６-04-21T10:15:30Z", None, None, None),
        ("2026-04-21T10:15:30.123é", None, None, None),
    ];

    #[test]
    fn syntax_table() {
        for (text, rfc3339, header, component) in TABLE {
            assert_eq!(millis(text, &Syntax::RFC3339), *rfc3339, "RFC3339 {text:?}");
            assert_eq!(millis(text, &Syntax::HEADER), *header, "HEADER {text:?}");
            assert_eq!(
                millis(text, &Syntax::COMPONENT),
                *component,
                "COMPONENT {text:?}"
            );
        }
    }

    #[test]
    fn strict_rfc3339_rejects_surrounding_space() {
        assert_eq!(millis(" 2026-04-21T10:15:30Z", &Syntax::RFC3339), None);
        assert_eq!(millis("2026-04-21T10:15:30Z ", &Syntax::RFC3339), None);
    }

    #[test]
    fn nanoseconds_are_kept() {
        let t = parse_rfc3339("2026-01-06T15:30:00.123456789Z").unwrap();
        assert_eq!(
            t.duration_since(UNIX_EPOCH).unwrap(),
            Duration::new(1_767_713_400, 123_456_789)
        );
        assert_eq!(parse_rfc3339("1969-12-31T23:59:59Z"), None);
        assert_eq!(parse_rfc3339("1970-01-01T00:30:00+01:00"), None);
    }

    #[test]
    fn format_round_trips() {
        let samples = [
            0u64,
            1,
            999,
            951_782_400_000,
            1_767_713_400_250,
            253_402_300_799_999,
        ];
        for ms in samples {
            let t = UNIX_EPOCH + Duration::from_millis(ms);
            let text = format_rfc3339(t);
            assert_eq!(text.len(), 24, "{text}");
            assert_eq!(parse_rfc3339(&text), Some(t), "{text}");
        }
        assert_eq!(format_rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let before = UNIX_EPOCH - Duration::from_secs(5);
        assert_eq!(format_rfc3339(before), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn every_day_of_four_centuries_round_trips() {
        for days in (-146_097 * 2..146_097 * 2).step_by(7) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
