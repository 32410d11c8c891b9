//! Availability: reading DATE + time-slot pairs, and the conflict reports over the booking ledger.
//!
//! The ledger (`fashionos.bookings`, sql/availability.sql) holds one row per booking of a venue,
//! model, designer or stakeholder, kept in step with the source tables by triggers; its exclusion
//! constraint refuses two booked/blocked rows of different engagements on one resource at
//! overlapping times. What the constraint lets through (tentative holds, same-engagement overlaps,
//! rows from before the constraint) the functions here report:
//!
//! * `fashionos.time_slot_range(date, text, text)` and `fashionos.call_time_range(date, text,
//!   integer, text)` turn a rehearsal's `time_slot` ('14:00-16:00', across midnight when the end is
//!   not after the start) or a call time's `time` into a `tstzrange`, read in the event's time zone;
//! * `fashionos.find_conflicts(...)` and `fashionos.event_conflicts(uuid)` (SECURITY DEFINER, they
//!   read the private ledger and check the caller themselves) fetch the candidate rows through the
//!   ledger's GiST index, sort them and sweep them for overlapping pairs. `public.find_conflicts` and
//!   `public.event_conflicts` are the SECURITY INVOKER wrappers that PostgREST exposes.
//!
//! See docs/scheduling.md.

use pgrx::composite_type;
use pgrx::datum::{Range, RangeBound};
use pgrx::prelude::*;

use crate::errors;
use crate::plans;
use crate::statuses::{BookingStatus, ConflictSeverity, ResourceType};

/// Seconds in a day: the value of the end-only clock reading "24:00".
const DAY: u32 = 86_400;
/// Microseconds per second, for timestamptz arithmetic.
const USECS: i64 = 1_000_000;

// ---------------------------------------------------------------------------------------------
// Clock times and time slots (pure Rust)
// ---------------------------------------------------------------------------------------------

/// Reads a wall-clock time of day and returns the seconds since midnight.
///
/// Accepted: `H`, `HH`, `H:MM`, `HH:MM`, `HH:MM:SS`, `HHMM`, the French `14h`, `14h30`, and an
/// `am`/`pm` suffix (`9am`, `9:30 PM`, `12 a.m.`). `24:00` (`24`, `24h`, `2400`, `24:00:00`) is
/// accepted only when `allow_24` is set: it is the end of the day, the value 86400.
pub fn parse_clock(text: &str, allow_24: bool) -> Result<u32, String> {
    read_clock(text, allow_24).map(|c| c.seconds)
}

/// A time of day as written: its seconds since midnight, whether it carried am/pm, and whether
/// its hour was written as one digit (`9`, `5:30`: a 12-hour clock's way; `09:00` is a 24-hour
/// clock's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Clock {
    seconds: u32,
    meridiem: Option<bool>,
    one_digit_hour: bool,
    /// `08:00`, `07h`: the 24-hour clock's way of writing a morning hour.
    leading_zero: bool,
}

fn read_clock(text: &str, allow_24: bool) -> Result<Clock, String> {
    let original = text;
    let shown_original = errors::shown(original);
    let mut s: String = folded(text.trim());
    let mut meridiem: Option<bool> = None; // Some(true) = pm
    for (suffix, pm) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] {
        if let Some(rest) = s.strip_suffix(suffix) {
            meridiem = Some(pm);
            s = rest.trim_end().to_string();
            break;
        }
    }
    if s.is_empty() {
        return Err(format!("{shown_original} is not a time of day"));
    }
    let parts: Vec<&str> = if s.contains(':') {
        s.split(':').collect()
    } else if let Some((h, m)) = s.split_once('h') {
        if m.is_empty() {
            vec![h]
        } else {
            vec![h, m]
        }
    } else if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        vec![&s[..2], &s[2..]]
    } else {
        vec![s.as_str()]
    };
    if parts.is_empty() || parts.len() > 3 {
        return Err(format!("{shown_original} is not a time of day"));
    }
    let number = |p: &str, min_len: usize, max_len: usize| -> Result<u32, String> {
        if p.len() < min_len || p.len() > max_len || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{shown_original} is not a time of day"));
        }
        p.parse::<u32>()
            .map_err(|_| format!("{shown_original} is not a time of day"))
    };
    let one_digit_hour = parts[0].len() == 1;
    let leading_zero = parts[0].len() == 2 && parts[0].starts_with('0');
    let mut hour = number(parts[0], 1, 2)?;
    let minute = match parts.get(1) {
        Some(p) => number(p, 2, 2)?,
        None => 0,
    };
    let second = match parts.get(2) {
        Some(p) => number(p, 2, 2)?,
        None => 0,
    };
    if minute > 59 || second > 59 {
        return Err(format!(
            "{shown_original} is not a time of day: minutes and seconds go up to 59"
        ));
    }
    if let Some(pm) = meridiem {
        if hour == 0 || hour > 12 {
            return Err(format!(
                "{shown_original} is not a time of day: with am/pm the hour is 1 to 12"
            ));
        }
        hour = match (hour, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, false) => h,
            (h, true) => h + 12,
        };
    }
    let clock = |seconds: u32| Clock {
        seconds,
        meridiem,
        one_digit_hour,
        leading_zero,
    };
    if hour == 24 && minute == 0 && second == 0 {
        return if allow_24 {
            Ok(clock(DAY))
        } else {
            Err(format!(
                "{shown_original} is not a time of day: 24:00 can only end a slot"
            ))
        };
    }
    if hour > 23 {
        return Err(format!(
            "{shown_original} is not a time of day: the hour goes up to 23"
        ));
    }
    Ok(clock(hour * 3600 + minute * 60 + second))
}

/// The other half of the day: 9am is 9pm's, 21:00 is 09:00's.
fn other_half(seconds: u32) -> u32 {
    (seconds + DAY / 2) % DAY
}

/// A time slot read from text: start and end in seconds since midnight of the slot's date; an end
/// at or before the start is on the next day (`22:00-02:00`), `24:00` ends at midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub start: u32,
    pub end: u32,
    pub next_day: bool,
}

/// The dashes a slot's ends are written apart with: the hyphen, the hyphen and non-breaking hyphen
/// word processors insert, the figure dash, the en and em dashes, the minus sign, and the wave
/// dash and tilde of Japanese ranges (`14:00〜16:00`; the full-width tilde is a tilde after NFKC).
const DASHES: [char; 9] = [
    '-', '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2212}', '\u{301C}', '~',
];

/// A time as the parsers read it: in Unicode NFKC form, so that full-width digits, colons and
/// hyphens typed with an East Asian input method (`１９：００`) are the ASCII ones, and lower-case.
fn folded(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().collect::<String>().to_lowercase()
}

/// Reads a time slot such as `14:00-16:00`, `9am - 11am`, `22:00–02:00` (en dash), `14h to 16h`.
/// With am/pm on one end only, the other end takes the half of the day that makes the slot run
/// forward within the day (`9-11pm` is 21:00-23:00, `2-4pm` 14:00-16:00, `11-1pm` 11:00-13:00).
/// Without am/pm, a slot from a morning-or-evening hour to a one-digit hour before it (`9-5`,
/// `10-2:30`) could be a working day or a night: it is refused as ambiguous; an end written on the
/// 24-hour clock (`10:00-02:00`) runs past midnight.
pub fn parse_time_slot(text: &str) -> Result<Slot, String> {
    let shown_text = errors::shown(text);
    let lower = folded(text);
    let (a, b) = DASHES
        .iter()
        .find_map(|sep| lower.split_once(*sep))
        .or_else(|| lower.split_once(" to "))
        .ok_or_else(|| {
            format!(
                "{shown_text} is not a time slot: expected a start and an end such as 14:00-16:00"
            )
        })?;
    if b.contains(DASHES) {
        return Err(format!(
            "{shown_text} is not a time slot: more than one separator"
        ));
    }
    let start = read_clock(a, false).map_err(|e| format!("time slot {shown_text}: {e}"))?;
    let end = read_clock(b, true).map_err(|e| format!("time slot {shown_text}: {e}"))?;
    // a bare hour of 1 to 12 on the other end (0, 13 and beyond, and 08:00, are the 24-hour
    // clock's)
    let bare = |c: &Clock| {
        c.meridiem.is_none() && !c.leading_zero && (3600..13 * 3600).contains(&c.seconds)
    };
    // "9-12am": 12am is midnight, but a morning block is meant as often as a night one
    if bare(&start) && end.meridiem == Some(false) && end.seconds == 0 {
        return Err(format!(
            "{shown_text} is not a time slot: 12am is midnight, so it could be a morning or an evening; write 9am-12pm (noon) or 21:00-24:00"
        ));
    }
    let (start, end) = match (start.meridiem, end.meridiem) {
        (None, Some(_)) if bare(&start) => {
            // the end's half of the day first, then the other; neither runs forward: overnight
            // from the evening
            let am = start.seconds.min(other_half(start.seconds));
            let pm = am + DAY / 2;
            let (first, second) = if end.meridiem == Some(true) {
                (pm, am)
            } else {
                (am, pm)
            };
            let from = if first < end.seconds {
                first
            } else if second < end.seconds {
                second
            } else {
                pm
            };
            (from, end.seconds)
        }
        (Some(_), None) if bare(&end) => {
            // the start's half of the day first, then the other; neither runs forward: overnight
            // into the morning
            let am = end.seconds.min(other_half(end.seconds));
            let pm = am + DAY / 2;
            let (first, second) = if start.meridiem == Some(true) {
                (pm, am)
            } else {
                (am, pm)
            };
            let to = if first > start.seconds {
                first
            } else if second > start.seconds {
                second
            } else {
                am
            };
            (start.seconds, to)
        }
        (None, None)
            if end.seconds < start.seconds && end.one_digit_hour && bare(&start) && bare(&end) =>
        {
            return Err(format!(
                "{shown_text} is not a time slot: it could end in the afternoon or past midnight; write 9am-5pm or 09:00-17:00, or an overnight slot as 21:00-05:00"
            ));
        }
        _ => (start.seconds, end.seconds),
    };
    if end == start {
        return Err(format!(
            "{shown_text} is not a time slot: it starts and ends at the same time"
        ));
    }
    if end == DAY {
        return Ok(Slot {
            start,
            end: 0,
            next_day: true,
        });
    }
    Ok(Slot {
        start,
        end,
        next_day: end < start,
    })
}

// ---------------------------------------------------------------------------------------------
// Local times to timestamptz
// ---------------------------------------------------------------------------------------------

fn bad_datetime(message: &str, detail: &str) -> ! {
    errors::raise(
        errors::SqlState::INVALID_DATETIME,
        message,
        Some(detail),
        Some("Write the time as HH:MM on a 24-hour clock (14:30; 2:30pm and 14h30 are read too), a slot as HH:MM-HH:MM; an end before the start runs past midnight."),
    )
}

/// The instant at which the wall clock of `zone` shows `seconds` after midnight of `date` (plus
/// `add_days`). A local time skipped by a DST change is read with the offset in force before the
/// change (02:30 on the spring-forward day in Europe/Paris is 03:30 CEST); a repeated one with the
/// offset after it (02:30 on the fall-back day is 02:30 CET), as PostgreSQL's AT TIME ZONE does.
fn local_instant(date: Date, add_days: i32, seconds: u32, zone: &str) -> TimestampWithTimeZone {
    let day = Date::saturating_from_raw(date.to_pg_epoch_days() + add_days);
    if !day.is_finite() {
        bad_datetime(
            "date out of range",
            &format!("{date} cannot be read as a calendar day."),
        );
    }
    let (h, m, s) = (seconds / 3600, (seconds / 60) % 60, seconds % 60);
    match TimestampWithTimeZone::with_timezone(
        day.year(),
        day.month(),
        day.day(),
        h as u8,
        m as u8,
        f64::from(s),
        zone,
    ) {
        Ok(t) => t,
        Err(pgrx::datum::DateTimeConversionError::UnknownTimezone(z)) => errors::invalid(
            "unknown time zone",
            &format!("{} is not a time zone PostgreSQL knows.", errors::shown(&z)),
            "Use an IANA name such as Europe/Paris.",
        ),
        Err(e) => bad_datetime(
            "date out of range",
            &format!("{day} {h:02}:{m:02}:{s:02} in {zone} cannot be read: {e}."),
        ),
    }
}

fn range_of(
    lower: TimestampWithTimeZone,
    upper: TimestampWithTimeZone,
) -> Range<TimestampWithTimeZone> {
    Range::new(RangeBound::Inclusive(lower), RangeBound::Exclusive(upper))
}

/// A place's name as names are compared (a rehearsal's location against the event's venues): in
/// Unicode NFKC form (decomposed accents, full-width letters and no-break spaces are the plain
/// ones), without the characters that show nothing (`ticketing::is_invisible`: zero-width spaces
/// and joiners, soft hyphens, BOM, ...), each run of Unicode white space one space, trimmed,
/// lower-case. SQL calls it as `fashionos.name_key(text)`.
#[pg_extern(immutable, strict, parallel_safe)]
#[search_path(pg_catalog, pg_temp)]
pub fn name_key(p_name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let visible: String = p_name
        .nfkc()
        .filter(|c| !crate::ticketing::is_invisible(*c))
        .collect();
    visible
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The `[start, end)` range of a rehearsal's time slot on its date, in the event's time zone.
/// Raises 22007 for a slot that cannot be read.
#[pg_extern(stable, strict, parallel_safe)]
#[search_path(pg_catalog, pg_temp)]
pub fn time_slot_range(
    p_date: Date,
    p_time_slot: &str,
    p_time_zone: &str,
) -> Range<TimestampWithTimeZone> {
    let slot = match parse_time_slot(p_time_slot) {
        Ok(s) => s,
        Err(e) => bad_datetime("invalid time slot", &e),
    };
    let start = local_instant(p_date, 0, slot.start, p_time_zone);
    let end = local_instant(p_date, i32::from(slot.next_day), slot.end, p_time_zone);
    if end.into_inner() <= start.into_inner() {
        // Only a slot lying entirely inside the hour a DST change skips can get here.
        errors::raise(
            errors::SqlState::INVALID_DATETIME,
            "invalid time slot",
            Some(&format!(
                "{} on {p_date} in {p_time_zone} does not last any time: the clocks skip that hour there that night (daylight saving time begins).",
                errors::shown(p_time_slot)
            )),
            Some("Move the slot out of the hour the clocks skip (its local times do not exist that night), e.g. start it at the time the clocks jump to."),
        );
    }
    range_of(start, end)
}

/// The bounds `(lo, hi)` a whole-number setting of `fashionos.event_settings` may take: its CHECK
/// constraint says them, `fashionos.setting_range` reads them (sql/event_settings.sql).
pub(crate) fn setting_range(setting: &'static str) -> (i32, i32) {
    plans::first_row(
        "SELECT lower(r), upper(r) - 1 FROM fashionos.setting_range($1) r WHERE r IS NOT NULL",
        &[setting.into()],
        |row| Ok((row.get::<i32>(1)?, row.get::<i32>(2)?)),
    )
    .and_then(|(lo, hi)| lo.zip(hi))
    .unwrap_or_else(|| {
        errors::raise(
            errors::SqlState::INTERNAL,
            "setting without a range",
            Some(&format!(
                "fashionos.event_settings.{setting} has no CHECK ({setting} BETWEEN lo AND hi)."
            )),
            Some("Reinstall the extension: its settings table is not the one it was built with."),
        )
    })
}

/// The `[call, call + minutes)` range of a call time read in the event's time zone.
/// Raises 22007 for a time that cannot be read, 22023 for a length outside the range of
/// event_settings.call_time_minutes (1..1440 minutes).
#[pg_extern(stable, strict, parallel_safe)]
#[search_path(pg_catalog, pg_temp)]
pub fn call_time_range(
    p_date: Date,
    p_time: &str,
    p_minutes: i32,
    p_time_zone: &str,
) -> Range<TimestampWithTimeZone> {
    let (lo, hi) = setting_range("call_time_minutes");
    if !(lo..=hi).contains(&p_minutes) {
        errors::invalid(
            "call time length out of range",
            &format!("A call time books its person for {lo} to {hi} minutes, not {p_minutes}."),
            &format!("Set event_settings.call_time_minutes between {lo} and {hi}."),
        );
    }
    let seconds = match parse_clock(p_time, false) {
        Ok(s) => s,
        Err(e) => bad_datetime("invalid call time", &e),
    };
    let start = local_instant(p_date, 0, seconds, p_time_zone);
    let end_raw = start.into_inner() + i64::from(p_minutes) * 60 * USECS;
    let end = match TimestampWithTimeZone::try_from(end_raw) {
        Ok(t) => t,
        Err(_) => bad_datetime(
            "date out of range",
            &format!("{p_date} {p_time} is too far in the future."),
        ),
    };
    range_of(start, end)
}

// ---------------------------------------------------------------------------------------------
// The sweep (pure Rust)
// ---------------------------------------------------------------------------------------------

/// One ledger row as the sweep sees it: `[lower, upper)` in microseconds since 2000-01-01 UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub lower: i64,
    pub upper: i64,
    /// Two rows of one engagement (one event, or one standalone row) never conflict.
    pub engagement: [u8; 16],
    /// booked or blocked (false: tentative).
    pub hard: bool,
    /// Only pairs that contain at least one focus row are reported.
    pub focus: bool,
}

/// A conflicting pair: indexes into the slice given to [`sweep`], `a` before `b` (a focus row
/// first, else the earlier start), and whether both rows are hard bookings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub hard: bool,
}

/// All pairs of rows of ONE resource that overlap each other within `window` (`[lo, hi)`), belong
/// to different engagements and contain a focus row. Sorts by start, then keeps the rows still
/// running (the active set) while walking forward: O(n log n + n * active).
pub fn sweep(spans: &[Span], window: (i64, i64)) -> Vec<Pair> {
    let mut pairs = Vec::new();
    sweep_each(spans, window, |p, _| {
        pairs.push(p);
        true
    });
    pairs
}

/// The sweep of [`sweep`], handing each pair to `emit` with the start of its overlap as soon as it
/// is found instead of collecting them: the starts come in non-decreasing order, and `emit`
/// returns false to stop. Checks for interrupts (statement_timeout, cancel) as it goes, so a
/// resource with many overlapping rows can always be stopped.
pub fn sweep_each(spans: &[Span], window: (i64, i64), mut emit: impl FnMut(Pair, i64) -> bool) {
    let mut order: Vec<usize> = (0..spans.len())
        .filter(|&i| spans[i].lower < spans[i].upper)
        .collect();
    order.sort_by_key(|&i| (spans[i].lower, spans[i].upper, i));
    let mut active: Vec<usize> = Vec::new();
    let mut steps: u32 = 0;
    for &j in &order {
        let sj = &spans[j];
        active.retain(|&i| spans[i].upper > sj.lower);
        for &i in &active {
            steps = steps.wrapping_add(1);
            if steps.is_multiple_of(4096) {
                interrupts();
            }
            let si = &spans[i];
            if si.engagement == sj.engagement || !(si.focus || sj.focus) {
                continue;
            }
            let lo = sj.lower.max(window.0);
            let hi = si.upper.min(sj.upper).min(window.1);
            if lo >= hi {
                continue;
            }
            let (a, b) = if sj.focus && !si.focus {
                (j, i)
            } else {
                (i, j)
            };
            let pair = Pair {
                a,
                b,
                hard: si.hard && sj.hard,
            };
            if !emit(pair, lo) {
                return;
            }
        }
        active.push(j);
    }
}

/// Lets PostgreSQL act on a pending cancel or statement_timeout (a no-op outside a backend, in the
/// unit tests).
#[inline]
fn interrupts() {
    #[cfg(not(test))]
    pgrx::check_for_interrupts!();
}

// ---------------------------------------------------------------------------------------------
// Conflict reports (SPI)
// ---------------------------------------------------------------------------------------------

/// The number of rows a conflict report returns when p_limit is not given, and the most it may
/// ask for (docs/scheduling.md, "Bounded reports").
pub const REPORT_LIMIT_DEFAULT: i32 = 1000;
pub const REPORT_LIMIT_MAX: i32 = 10_000;

/// A ledger row fetched for a report.
#[derive(Debug, Clone)]
struct Booking {
    resource_type: String,
    resource_id: pgrx::Uuid,
    source_table: String,
    source_id: pgrx::Uuid,
    event_id: Option<pgrx::Uuid>,
    engagement: pgrx::Uuid,
    lower: i64,
    upper: i64,
    status: String,
    /// The caller may see this row's details (its event is of the caller's organization, or the
    /// caller is the resource or server-side code); else it is reported as an anonymous busy span.
    visible: bool,
}

impl Booking {
    fn span(&self, focus: bool) -> Span {
        Span {
            lower: self.lower,
            upper: self.upper,
            engagement: *self.engagement.as_bytes(),
            hard: BookingStatus::parse(&self.status).is_some_and(BookingStatus::is_hard),
            focus,
        }
    }
}

/// The columns of a report's query: `$<full>` (the caller sees every row in full) and `$<org>`
/// (the caller's organization) are parameter numbers of that query.
macro_rules! booking_columns {
    ($full:literal, $org:literal) => {
        concat!(
            "b.resource_type, b.resource_id, b.source_table, b.source_id, ",
            "b.event_id, b.engagement, pg_catalog.lower(b.during), pg_catalog.upper(b.during), b.status, $",
            $full,
            " OR coalesce((SELECT e.organization_id = $",
            $org,
            " FROM public.events e WHERE e.id = b.event_id), false)"
        )
    };
}

/// The ledger rows of one resource ($1, $2) that overlap [$3, $4).
const RESOURCE_BOOKINGS: &str = concat!(
    "SELECT ",
    booking_columns!(5, 6),
    " FROM fashionos.bookings b",
    " WHERE b.resource_type = $1 AND b.resource_id = $2",
    " AND b.during OPERATOR(pg_catalog.&&) pg_catalog.tstzrange($3, $4, '[)')"
);

/// The hull of event $1's bookings per resource, then every ledger row of that resource in the
/// hull (through the GiST index on (resource_type, resource_id, during)).
const EVENT_BOOKINGS: &str = concat!(
    "WITH spans AS (",
    " SELECT m.resource_type, m.resource_id,",
    " pg_catalog.range_merge(pg_catalog.range_agg(m.during)) AS span",
    " FROM fashionos.bookings m WHERE m.event_id = $1",
    " GROUP BY m.resource_type, m.resource_id)",
    " SELECT ",
    booking_columns!(2, 3),
    " FROM spans s",
    " JOIN fashionos.bookings b ON b.resource_type = s.resource_type",
    " AND b.resource_id = s.resource_id AND b.during OPERATOR(pg_catalog.&&) s.span"
);

fn fetch_bookings(query: &'static str, args: &[pgrx::datum::DatumWithOid]) -> Vec<Booking> {
    let rows = plans::rows(query, args, |row| {
        interrupts();
        let (Some(resource_id), Some(source_id), Some(engagement)) = (
            row.get::<pgrx::Uuid>(2)?,
            row.get::<pgrx::Uuid>(4)?,
            row.get::<pgrx::Uuid>(6)?,
        ) else {
            return Ok(None);
        };
        let at = |t: Option<TimestampWithTimeZone>| t.map(|t| t.into_inner()).unwrap_or(0);
        Ok(Some(Booking {
            resource_type: row.get::<String>(1)?.unwrap_or_default(),
            resource_id,
            source_table: row.get::<String>(3)?.unwrap_or_default(),
            source_id,
            event_id: row.get::<pgrx::Uuid>(5)?,
            engagement,
            lower: at(row.get::<TimestampWithTimeZone>(7)?),
            upper: at(row.get::<TimestampWithTimeZone>(8)?),
            status: row.get::<String>(9)?.unwrap_or_default(),
            visible: row.get::<bool>(10)?.unwrap_or(false),
        }))
    });
    rows.into_iter().flatten().collect()
}

fn ts(us: i64) -> TimestampWithTimeZone {
    TimestampWithTimeZone::try_from(us)
        .unwrap_or_else(|_| TimestampWithTimeZone::positive_infinity())
}

/// One side of a reported pair: the row's details, or only its span when the caller may not see
/// them (source table, id and event NULL, status 'busy').
struct Side {
    source_table: Option<String>,
    source_id: Option<pgrx::Uuid>,
    event_id: Option<pgrx::Uuid>,
    starts_at: TimestampWithTimeZone,
    ends_at: TimestampWithTimeZone,
    status: String,
}

impl Side {
    fn of(b: &Booking) -> Side {
        if b.visible {
            Side {
                source_table: Some(b.source_table.clone()),
                source_id: Some(b.source_id),
                event_id: b.event_id,
                starts_at: ts(b.lower),
                ends_at: ts(b.upper),
                status: b.status.clone(),
            }
        } else {
            Side {
                source_table: None,
                source_id: None,
                event_id: None,
                starts_at: ts(b.lower),
                ends_at: ts(b.upper),
                status: ConflictSeverity::Busy.as_str().into(),
            }
        }
    }
}

struct ConflictRow {
    resource_type: String,
    resource_id: pgrx::Uuid,
    severity: ConflictSeverity,
    overlap_start: TimestampWithTimeZone,
    overlap_end: TimestampWithTimeZone,
    first: Side,
    other: Side,
}

/// A report row as `public.booking_conflict`.
fn conflict_row(c: &ConflictRow) -> crate::rows::Row {
    crate::rows::RowBuilder::new("public.booking_conflict")
        .set("resource_type", c.resource_type.as_str())
        .set("resource_id", c.resource_id)
        .set("severity", c.severity.as_str())
        .set("overlap_start", c.overlap_start)
        .set("overlap_end", c.overlap_end)
        .set("source_table", c.first.source_table.clone())
        .set("source_id", c.first.source_id)
        .set("event_id", c.first.event_id)
        .set("starts_at", c.first.starts_at)
        .set("ends_at", c.first.ends_at)
        .set("status", c.first.status.as_str())
        .set("other_source_table", c.other.source_table.clone())
        .set("other_source_id", c.other.source_id)
        .set("other_event_id", c.other.event_id)
        .set("other_starts_at", c.other.starts_at)
        .set("other_ends_at", c.other.ends_at)
        .set("other_status", c.other.status.as_str())
        .build()
}

/// A found pair, ordered as the report is: resource (the group's position), overlap start, then
/// the positions of the two rows in (source table, source id) order.
type Found = ((usize, i64, u32, u32), usize, usize, usize, bool, i64);

/// Sweeps the rows of each resource (rows sorted by resource first) and keeps the first `limit`
/// pairs in report order. Memory is O(rows + limit) whatever the number of pairs: the pairs go
/// through a bounded heap, and the sweep stops once no later pair can enter it (overlap starts
/// come in order).
fn conflicts_of(
    rows: &[Booking],
    focus: &dyn Fn(&Booking) -> bool,
    window: (i64, i64),
    limit: usize,
) -> Vec<ConflictRow> {
    let mut heap: std::collections::BinaryHeap<Found> =
        std::collections::BinaryHeap::with_capacity(limit + 1);
    let mut start = 0;
    let mut group_no = 0;
    let mut done = false;
    while start < rows.len() && !done {
        let mut end = start + 1;
        while end < rows.len()
            && rows[end].resource_type == rows[start].resource_type
            && rows[end].resource_id == rows[start].resource_id
        {
            end += 1;
        }
        let group = &rows[start..end];
        let mut by_source: Vec<usize> = (0..group.len()).collect();
        by_source.sort_by(|&x, &y| {
            (&group[x].source_table, group[x].source_id)
                .cmp(&(&group[y].source_table, group[y].source_id))
        });
        let mut position = vec![0u32; group.len()];
        for (k, &i) in by_source.iter().enumerate() {
            position[i] = k as u32;
        }
        let spans: Vec<Span> = group.iter().map(|b| b.span(focus(b))).collect();
        sweep_each(&spans, window, |p, lo| {
            if heap.len() >= limit {
                if let Some(worst) = heap.peek() {
                    if (group_no, lo) > (worst.0 .0, worst.0 .1) {
                        done = true;
                        return false;
                    }
                }
            }
            let (a, b) = (&group[p.a], &group[p.b]);
            let hi = a.upper.min(b.upper).min(window.1);
            let key = (group_no, lo, position[p.a], position[p.b]);
            if heap.len() < limit {
                heap.push((key, start, p.a, p.b, p.hard, hi));
            } else if heap.peek().is_some_and(|w| key < w.0) {
                heap.pop();
                heap.push((key, start, p.a, p.b, p.hard, hi));
            }
            true
        });
        start = end;
        group_no += 1;
    }
    heap.into_sorted_vec()
        .into_iter()
        .map(|((_, lo, _, _), base, ia, ib, hard, hi)| {
            let (a, b) = (&rows[base + ia], &rows[base + ib]);
            let severity = if !(a.visible && b.visible) {
                ConflictSeverity::Busy
            } else if hard {
                ConflictSeverity::Hard
            } else {
                ConflictSeverity::Tentative
            };
            ConflictRow {
                resource_type: a.resource_type.clone(),
                resource_id: a.resource_id,
                severity,
                overlap_start: ts(lo),
                overlap_end: ts(hi),
                first: Side::of(a),
                other: Side::of(b),
            }
        })
        .collect()
}

fn sort_rows(rows: &mut [Booking]) {
    rows.sort_by(|x, y| {
        (
            &x.resource_type,
            x.resource_id,
            x.lower,
            x.upper,
            &x.source_table,
            x.source_id,
        )
            .cmp(&(
                &y.resource_type,
                y.resource_id,
                y.lower,
                y.upper,
                &y.source_table,
                y.source_id,
            ))
    });
}

/// p_limit checked: 1 to [`REPORT_LIMIT_MAX`], NULL for [`REPORT_LIMIT_DEFAULT`]. `rest` says how
/// the caller's report reaches the rows past the limit.
fn report_limit(p_limit: Option<i32>, rest: &str) -> usize {
    let limit = p_limit.unwrap_or(REPORT_LIMIT_DEFAULT);
    if !(1..=REPORT_LIMIT_MAX).contains(&limit) {
        errors::invalid(
            "p_limit out of range",
            &format!("A report returns 1 to {REPORT_LIMIT_MAX} rows, not {limit}."),
            &format!("Pass p_limit between 1 and {REPORT_LIMIT_MAX} (default {REPORT_LIMIT_DEFAULT}), and {rest}."),
        );
    }
    limit as usize
}

/// The caller's organization (NULL without one).
fn my_org() -> Option<pgrx::Uuid> {
    plans::one::<pgrx::Uuid>("SELECT fashionos.my_org_id()", &[])
}

/// Conflicts of one resource whose overlap falls in `[p_from, p_to)` (NULL: unbounded): pairs of
/// its bookings of different engagements, 'hard' when both are booked/blocked, 'tentative' when a
/// tentative hold is involved, 'busy' when the other row is another organization's (reported as an
/// anonymous span). At most `p_limit` rows, the first in report order. SECURITY DEFINER: reads the
/// private ledger after checking that the caller is the resource (the venue's owner, the model,
/// designer or stakeholder), belongs to an organization with an event booking it, or is
/// service_role; only the resource itself and service_role see every row's details.
#[pg_extern(stable, parallel_unsafe, security_definer, requires = ["types"])]
#[search_path(pg_catalog, pg_temp)]
pub fn find_conflicts(
    p_resource_type: Option<&str>,
    p_resource_id: Option<pgrx::Uuid>,
    p_from: default!(Option<TimestampWithTimeZone>, "NULL"),
    p_to: default!(Option<TimestampWithTimeZone>, "NULL"),
    p_limit: default!(Option<i32>, 1000),
) -> SetOfIterator<'static, composite_type!('static, "public.booking_conflict")> {
    let one_of = format!("One of {}.", ResourceType::list());
    let Some(resource_type) = p_resource_type else {
        errors::invalid(
            "p_resource_type is required",
            "p_resource_type was null.",
            &one_of,
        )
    };
    if ResourceType::parse(resource_type).is_none() {
        errors::invalid(
            "unknown resource type",
            &format!("{} is not a resource type.", errors::shown(resource_type)),
            &one_of,
        );
    }
    let Some(resource_id) = p_resource_id else {
        errors::invalid(
            "p_resource_id is required",
            "p_resource_id was null.",
            &format!("Pass the id of the {}.", ResourceType::nouns()),
        )
    };
    let lo = p_from.map(|t| t.into_inner()).unwrap_or(i64::MIN);
    let hi = p_to.map(|t| t.into_inner()).unwrap_or(i64::MAX);
    if lo >= hi {
        let show = |t: Option<TimestampWithTimeZone>, open: &str| {
            t.map(|t| t.to_string()).unwrap_or_else(|| open.to_string())
        };
        errors::invalid(
            "empty time range",
            &format!(
                "The window [{}, {}) is empty: p_from must be before p_to (null: an open end).",
                show(p_from, "open"),
                show(p_to, "open")
            ),
            "Pass p_from < p_to, or null for an open end.",
        );
    }
    let limit = report_limit(p_limit, "narrow p_from/p_to for the rest");
    let sees = plans::one::<bool>(
        "SELECT fashionos.caller_sees_resource($1, $2)",
        &[resource_type.into(), resource_id.into()],
    );
    if sees != Some(true) {
        errors::not_found(resource_type, resource_id);
    }
    let full = plans::one::<bool>(
        "SELECT fashionos.caller_is_resource($1, $2)",
        &[resource_type.into(), resource_id.into()],
    )
    .unwrap_or(false);
    let mut rows = fetch_bookings(
        RESOURCE_BOOKINGS,
        &[
            resource_type.into(),
            resource_id.into(),
            p_from.into(),
            p_to.into(),
            full.into(),
            my_org().into(),
        ],
    );
    sort_rows(&mut rows);
    // Pairs of two rows the caller may not see are none of its business.
    let report = conflicts_of(&rows, &|b: &Booking| b.visible, (lo, hi), limit);
    SetOfIterator::new(report.iter().map(conflict_row).collect::<Vec<_>>())
}

/// Conflicts of an event: each of its bookings (venue bookings, availability bookings, call
/// times, rehearsals) paired with every booking of another engagement on the same resource at an
/// overlapping time; another organization's booking is an anonymous busy span. At most `p_limit`
/// rows. SECURITY DEFINER: checks that the caller belongs to the event's organization or is
/// service_role (else PT404).
#[pg_extern(stable, parallel_unsafe, security_definer, requires = ["types"])]
#[search_path(pg_catalog, pg_temp)]
pub fn event_conflicts(
    p_event_id: Option<pgrx::Uuid>,
    p_limit: default!(Option<i32>, 1000),
) -> SetOfIterator<'static, composite_type!('static, "public.booking_conflict")> {
    let Some(event_id) = p_event_id else {
        errors::invalid(
            "p_event_id is required",
            "p_event_id was null.",
            "Pass the id of an event.",
        )
    };
    let limit = report_limit(
        p_limit,
        "ask find_conflicts of one resource, with p_from/p_to, for the rest",
    );
    let sees = plans::one::<bool>(
        "SELECT fashionos.caller_member_of_event($1)",
        &[event_id.into()],
    );
    if sees != Some(true) {
        errors::not_found("event", event_id);
    }
    let full = crate::access::caller().server;
    let mut rows = fetch_bookings(
        EVENT_BOOKINGS,
        &[event_id.into(), full.into(), my_org().into()],
    );
    sort_rows(&mut rows);
    let focus = move |b: &Booking| b.event_id == Some(event_id);
    let report = conflicts_of(&rows, &focus, (i64::MIN, i64::MAX), limit);
    SetOfIterator::new(report.iter().map(conflict_row).collect::<Vec<_>>())
}

thread_local! {
    /// The names of the time zone database that events may use, in lower case, read once per
    /// session (`known_time_zone`).
    static TIME_ZONES: std::cell::OnceCell<std::collections::HashSet<String>> =
        const { std::cell::OnceCell::new() };
}

/// Whether `p_name` names a zone of the time zone database (an IANA name such as Europe/Paris, or
/// UTC; any case), not a POSIX rule such as UTC+5, a fixed offset with the POSIX sign
/// (Etc/GMT+5), localtime, posixrules or Factory. `pg_timezone_names` reads every file of the time
/// zone database (about 0.4 s), so its names are read once per session and kept; the CHECK of
/// `fashionos.event_settings.time_zone` asks at every change of an event's settings, through
/// `fashionos.is_time_zone`.
#[pg_extern(stable, strict, parallel_restricted)]
#[search_path(pg_catalog, pg_temp)]
pub fn known_time_zone(p_name: &str) -> bool {
    // the names are ASCII: a text that only lower-cases to one (a Kelvin sign for a K) is not one
    if !p_name.is_ascii() {
        return false;
    }
    TIME_ZONES.with(|zones| {
        zones
            .get_or_init(|| {
                plans::rows(
                    "SELECT pg_catalog.lower(z.name) FROM pg_catalog.pg_timezone_names z
                      WHERE z.name !~ '^(posix|right)/'
                        -- the server's own zone, tzdata's internal names, and the fixed offsets
                        -- whose sign is the POSIX one (Etc/GMT+5 is five hours WEST of Greenwich)
                        AND z.name !~* '^(localtime|posixrules|factory)$'
                        AND z.name !~* '^(etc/)?gmt[+-]'",
                    &[],
                    |row| row.get::<String>(1),
                )
                .into_iter()
                .flatten()
                .collect()
            })
            .contains(&p_name.to_ascii_lowercase())
    })
}

// The public functions of this module: one SQL wrapper each (sql/api/ has the style).
extension_sql_file!(
    "../sql/api/availability.sql",
    name = "api_availability",
    requires = [
        find_conflicts,
        event_conflicts,
        time_slot_range,
        call_time_range,
        known_time_zone,
        name_key,
        "data_safety"
    ]
);

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use super::*;

    #[test]
    fn name_keys() {
        let key = name_key("Salle Étoile");
        for same in [
            "Salle E\u{301}toile",  // decomposed accent
            "Salle\u{00A0}Étoile",  // no-break space
            "  salle   ÉTOILE ",    // spaces and case
            "Sal\u{200B}le Étoile", // a zero-width space
            "Ｓａｌｌｅ Étoile",    // full-width letters
        ] {
            assert_eq!(name_key(same), key, "{same:?}");
        }
        assert_ne!(name_key("Salle Etoile"), key);
        assert_eq!(name_key("Hall\u{200B}B"), "hallb");
    }

    #[test]
    fn clock_readings() {
        assert_eq!(parse_clock("14:00", false), Ok(14 * 3600));
        assert_eq!(parse_clock(" 9:05 ", false), Ok(9 * 3600 + 5 * 60));
        assert_eq!(parse_clock("09:05:30", false), Ok(9 * 3600 + 5 * 60 + 30));
        assert_eq!(parse_clock("14h30", false), Ok(14 * 3600 + 30 * 60));
        assert_eq!(parse_clock("14h", false), Ok(14 * 3600));
        assert_eq!(parse_clock("１９：００", false), Ok(19 * 3600));
        assert_eq!(parse_clock("1430", false), Ok(14 * 3600 + 30 * 60));
        assert_eq!(parse_clock("9am", false), Ok(9 * 3600));
        assert_eq!(parse_clock("9:30 PM", false), Ok(21 * 3600 + 30 * 60));
        assert_eq!(parse_clock("12 a.m.", false), Ok(0));
        assert_eq!(parse_clock("12pm", false), Ok(12 * 3600));
        assert_eq!(parse_clock("24:00", true), Ok(DAY));
        assert!(parse_clock("24:00", false).is_err());
        for bad in [
            "",
            "abc",
            "25:00",
            "12:60",
            "13pm",
            "0am",
            "1:2",
            "12:00:00:00",
            "-1",
            "9.30",
        ] {
            assert!(parse_clock(bad, true).is_err(), "{bad:?} should not read");
        }
    }

    #[test]
    fn slot_readings() {
        assert_eq!(
            parse_time_slot("14:00-16:00"),
            Ok(Slot {
                start: 14 * 3600,
                end: 16 * 3600,
                next_day: false
            })
        );
        assert_eq!(
            parse_time_slot("22:00 - 02:00"),
            Ok(Slot {
                start: 22 * 3600,
                end: 2 * 3600,
                next_day: true
            })
        );
        assert_eq!(
            parse_time_slot("22:00\u{2013}24:00"),
            Ok(Slot {
                start: 22 * 3600,
                end: 0,
                next_day: true
            })
        );
        assert_eq!(
            parse_time_slot("9am to 11am"),
            Ok(Slot {
                start: 9 * 3600,
                end: 11 * 3600,
                next_day: false
            })
        );
        // am/pm on one end: the other end takes the half of the day that runs forward
        let hours = |text: &str| {
            parse_time_slot(text)
                .map(|s| (s.start as f64 / 3600.0, s.end as f64 / 3600.0, s.next_day))
        };
        assert_eq!(hours("9-11pm"), Ok((21.0, 23.0, false)));
        assert_eq!(hours("2-4pm"), Ok((14.0, 16.0, false)));
        assert_eq!(hours("11-1pm"), Ok((11.0, 13.0, false)));
        assert_eq!(hours("12-2pm"), Ok((12.0, 14.0, false)));
        assert_eq!(hours("9-11am"), Ok((9.0, 11.0, false)));
        assert_eq!(hours("10-2am"), Ok((22.0, 2.0, true)));
        assert_eq!(hours("9am-5"), Ok((9.0, 17.0, false)));
        assert_eq!(hours("9pm-11"), Ok((21.0, 23.0, false)));
        assert_eq!(hours("10pm-2"), Ok((22.0, 2.0, true)));
        assert_eq!(hours("9:30-11:45pm"), Ok((21.5, 23.75, false)));
        assert!(hours("14-16pm").is_err(), "16pm is no hour");
        // the 24-hour clock runs past midnight as written; a bare 12-hour slot backwards does not
        assert_eq!(hours("10:00-02:00"), Ok((10.0, 2.0, true)));
        assert_eq!(hours("22-2"), Ok((22.0, 2.0, true)));
        assert_eq!(hours("9-17"), Ok((9.0, 17.0, false)));
        // a morning hour written on the 24-hour clock stays in the morning
        assert_eq!(hours("08:00-11pm"), Ok((8.0, 23.0, false)));
        assert_eq!(hours("07h-10pm"), Ok((7.0, 22.0, false)));
        assert_eq!(hours("9am-05:00"), Ok((9.0, 5.0, true)));
        assert_eq!(hours("10-12pm"), Ok((10.0, 12.0, false)));
        for dash in ['\u{2010}', '\u{2011}', '\u{2012}', '\u{2212}'] {
            assert_eq!(hours(&format!("9am{dash}5pm")), Ok((9.0, 17.0, false)));
        }
        // as a Japanese input method types them: full-width digits, colon and hyphen, the wave
        // dash and the full-width tilde
        assert_eq!(hours("１４：００－１６：００"), Ok((14.0, 16.0, false)));
        assert_eq!(hours("14:00〜16:00"), Ok((14.0, 16.0, false)));
        assert_eq!(hours("14:00～16:00"), Ok((14.0, 16.0, false)));
        for midnight in ["9-12am", "10 - 12 a.m.", "11:30-12am"] {
            let e = parse_time_slot(midnight).unwrap_err();
            assert!(e.contains("12am is midnight"), "{midnight}: {e}");
        }
        for ambiguous in ["9-5", "9 to 5", "10-2:30", "11:00-1:00"] {
            let e = parse_time_slot(ambiguous).unwrap_err();
            assert!(
                e.contains("could end in the afternoon or past midnight"),
                "{ambiguous}: {e}"
            );
        }
        for bad in [
            "14:00",
            "14:00-14:00",
            "TBD",
            "14:00-16:00-18:00",
            "24:00-02:00",
            "14:00-",
            "-16:00",
        ] {
            assert!(parse_time_slot(bad).is_err(), "{bad:?} should not read");
        }
    }

    #[cfg(test)]
    fn span(lower: i64, upper: i64, engagement: u8, hard: bool) -> Span {
        Span {
            lower,
            upper,
            engagement: [engagement; 16],
            hard,
            focus: true,
        }
    }

    #[cfg(test)]
    fn pairs(list: &[(usize, usize, bool)]) -> Vec<Pair> {
        list.iter()
            .map(|&(a, b, hard)| Pair { a, b, hard })
            .collect()
    }

    #[test]
    fn sweep_edges() {
        // touching ranges do not overlap
        assert!(sweep(
            &[span(0, 10, 1, true), span(10, 20, 2, true)],
            (i64::MIN, i64::MAX)
        )
        .is_empty());
        // contained and identical
        let p = sweep(
            &[span(0, 100, 1, true), span(10, 20, 2, false)],
            (i64::MIN, i64::MAX),
        );
        assert_eq!(p, pairs(&[(0, 1, false)]));
        let p = sweep(
            &[span(5, 15, 1, true), span(5, 15, 2, true)],
            (i64::MIN, i64::MAX),
        );
        assert_eq!(p, pairs(&[(0, 1, true)]));
        // one engagement never conflicts with itself
        assert!(sweep(
            &[span(0, 10, 7, true), span(5, 15, 7, true)],
            (i64::MIN, i64::MAX)
        )
        .is_empty());
        // the overlap must fall inside the window
        let rows = [span(0, 100, 1, true), span(90, 200, 2, true)];
        assert!(sweep(&rows, (0, 90)).is_empty());
        assert_eq!(sweep(&rows, (0, 91)).len(), 1);
        // a chain: a-b and b-c overlap, a-c do not
        let rows = [
            span(20, 40, 3, false),
            span(0, 25, 1, false),
            span(35, 50, 2, false),
        ];
        let p = sweep(&rows, (i64::MIN, i64::MAX));
        assert_eq!(p, pairs(&[(1, 0, false), (0, 2, false)]));
        // focus: only pairs with a focus row, the focus row first
        let mut rows = [
            span(0, 10, 1, true),
            span(5, 15, 2, true),
            span(6, 8, 3, true),
        ];
        rows[1].focus = false;
        rows[2].focus = false;
        rows[0].focus = true;
        let p = sweep(&rows, (i64::MIN, i64::MAX));
        assert_eq!(p, pairs(&[(0, 1, true), (0, 2, true)]));
        rows[1].focus = true;
        rows[0].focus = false;
        let p = sweep(&rows, (i64::MIN, i64::MAX));
        assert_eq!(p, pairs(&[(1, 0, true), (1, 2, true)]));
    }

    #[pg_test]
    fn known_time_zones_are_names_of_the_database() {
        for name in [
            "Europe/Paris",
            "europe/paris",
            "UTC",
            "utc",
            "America/New_York",
            "Asia/Kolkata",
        ] {
            assert!(known_time_zone(name), "{name}");
        }
        for name in [
            "UTC+5",
            "Etc/GMT+5",
            "GMT-3",
            "posixrules",
            "localtime",
            "Factory",
            "posix/Europe/Paris",
            "right/Europe/Paris",
            "Europe/Nowhere",
            "",
            "Asia/\u{212A}olkata", // a Kelvin sign, which lower-cases to k
        ] {
            assert!(!known_time_zone(name), "{name}");
        }
        // the same answers as the catalog's list, asked directly
        let disagree = plans::one::<i64>(
            "SELECT count(*) FROM pg_catalog.pg_timezone_names z
              WHERE fashionos.is_time_zone(z.name) <> (z.name !~ '^(posix|right)/'
                    AND z.name !~* '^(localtime|posixrules|factory)$' AND z.name !~* '^(etc/)?gmt[+-]')",
            &[],
        );
        assert_eq!(disagree, Some(0));
    }

    #[pg_test]
    fn setting_ranges_are_the_checks_of_event_settings() {
        assert_eq!(setting_range("walk_min_gap"), (1, 1000));
        assert_eq!(setting_range("call_time_minutes"), (1, 1440));
        // every whole-number setting has its range in its CHECK
        let without = plans::one::<i64>(
            "SELECT count(*) FROM pg_attribute a WHERE a.attrelid = 'fashionos.event_settings'::regclass
                AND a.attnum > 0 AND a.atttypid = 'integer'::regtype AND fashionos.setting_range(a.attname) IS NULL",
            &[],
        );
        assert_eq!(without, Some(0));
        // a setting whose CHECK is not a range has none (not an unbounded one)
        assert_eq!(
            plans::one::<bool>("SELECT fashionos.setting_range('time_zone') IS NULL", &[]),
            Some(true)
        );
        // the COMMENT that PostgREST publishes gives the ranges of the CHECKs
        let comment = plans::one::<String>(
            "SELECT obj_description('public.set_event_settings(uuid, text, integer, integer, integer, integer, integer, integer, integer)'::regprocedure, 'pg_proc')",
            &[],
        )
        .unwrap_or_default();
        assert!(comment.contains("call time minutes (1-1440)"), "{comment}");
        assert!(
            comment.contains("minimum walk-order gap in looks (1-1000)"),
            "{comment}"
        );
        // the CHECK is the one owner: another CHECK, other bounds for the functions that ask
        plans::run(
            "ALTER TABLE fashionos.event_settings DROP CONSTRAINT event_settings_call_time_minutes_check,
                 ADD CONSTRAINT event_settings_call_time_minutes_check CHECK (call_time_minutes BETWEEN 5 AND 600)",
            &[],
        );
        assert_eq!(setting_range("call_time_minutes"), (5, 600));
        assert_eq!(
            plans::one::<String>(
                "SELECT (upper(r) - lower(r))::text FROM fashionos.call_time_range('2026-03-28', '10:00', 600, 'UTC') r",
                &[]
            )
            .as_deref(),
            Some("10:00:00")
        );
    }

    #[pg_test(error = "call time length out of range")]
    fn call_time_longer_than_its_setting_allows_is_refused() {
        let _ = plans::one::<String>(
            "SELECT fashionos.call_time_range('2026-03-28', '10:00', 1441, 'UTC')::text",
            &[],
        );
    }

    #[pg_test]
    fn slot_ranges_in_the_event_time_zone() {
        let q = |sql: &'static str| plans::one::<String>(sql, &[]).unwrap_or_default();
        assert_eq!(
            q("SELECT fashionos.time_slot_range('2026-06-01', '22:00-02:00', 'UTC')::text"),
            "[\"2026-06-01 22:00:00+00\",\"2026-06-02 02:00:00+00\")"
        );
        // spring forward in Paris: 01:30 CET to 03:30 CEST is one hour
        assert_eq!(
            q("SELECT (upper(r) - lower(r))::text FROM fashionos.time_slot_range('2026-03-29', '01:30-03:30', 'Europe/Paris') r"),
            "01:00:00"
        );
        // fall back: 01:30 CEST to 03:30 CET is three hours
        assert_eq!(
            q("SELECT (upper(r) - lower(r))::text FROM fashionos.time_slot_range('2026-10-25', '01:30-03:30', 'Europe/Paris') r"),
            "03:00:00"
        );
        assert_eq!(
            q("SELECT (upper(r) - lower(r))::text FROM fashionos.call_time_range('2026-03-28', '23:00', 240, 'Europe/Paris') r"),
            "04:00:00"
        );
    }

    #[pg_test(error = "invalid time slot")]
    fn unreadable_slot_is_refused() {
        let _ = plans::one::<String>(
            "SELECT fashionos.time_slot_range('2026-06-01', 'after lunch', 'UTC')::text",
            &[],
        );
    }
}
