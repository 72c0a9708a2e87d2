//! Hybrid logical clock: the version stamp of every synced change (docs/decisions.md §5).
//!
//! An [`Hlc`] is wall-clock milliseconds plus a counter that orders events within the same
//! millisecond. Versions compare as (hlc, site), so two sites never tie.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How far ahead of local time a remote clock may be before it is clamped (5 minutes).
pub const DEFAULT_MAX_DRIFT_MS: u64 = 5 * 60 * 1000;

/// One hybrid logical timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hlc {
    /// Physical part: milliseconds since the Unix epoch.
    pub wall_ms: u64,
    /// Logical part: orders events that share `wall_ms`.
    pub counter: u32,
}

impl Hlc {
    /// The encoded form sorts the same way as the value: fixed-width decimal.
    const WALL_DIGITS: usize = 15;
    const COUNTER_DIGITS: usize = 6;

    /// Whether this clock is more than `max_drift_ms` ahead of `now_ms`: a clock sites do not
    /// follow (see [`HlcClock::observe`]).
    pub fn is_far_ahead(&self, now_ms: u64, max_drift_ms: u64) -> bool {
        self.wall_ms > now_ms.saturating_add(max_drift_ms)
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:0w$}-{:0c$}", self.wall_ms, self.counter, w = Self::WALL_DIGITS, c = Self::COUNTER_DIGITS)
    }
}

/// An HLC string that is not `<15 digits>-<6 digits>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a hybrid logical clock value: expected 15 digits, '-', 6 digits")]
pub struct HlcParseError;

impl FromStr for Hlc {
    type Err = HlcParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (wall, counter) = s.split_once('-').ok_or(HlcParseError)?;
        let all_digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(wall, Self::WALL_DIGITS) || !all_digits(counter, Self::COUNTER_DIGITS) {
            return Err(HlcParseError);
        }
        Ok(Hlc { wall_ms: wall.parse().map_err(|_| HlcParseError)?, counter: counter.parse().map_err(|_| HlcParseError)? })
    }
}

impl Serialize for Hlc {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hlc {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The version of one field's value: later (hlc, site) wins.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Version {
    /// When, in hybrid logical time.
    pub hlc: Hlc,
    /// Which site wrote it: breaks ties between equal clocks.
    pub site_id: String,
}

impl fmt::Display for Version {
    /// `<hlc>@<site id>`: how a version is written where it is stored as text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.hlc, self.site_id)
    }
}

impl FromStr for Version {
    type Err = HlcParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (hlc, site) = s.split_once('@').ok_or(HlcParseError)?;
        if site.is_empty() {
            return Err(HlcParseError);
        }
        Ok(Version { hlc: hlc.parse()?, site_id: site.to_string() })
    }
}

/// What [`HlcClock::observe`] made of a remote timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Observed {
    /// The local clock's new value.
    pub hlc: Hlc,
    /// True when the remote clock was too far ahead and was not trusted in full.
    pub clamped: bool,
}

/// A site's clock. The caller supplies physical time, so the clock itself does no I/O.
#[derive(Debug, Clone)]
pub struct HlcClock {
    last: Hlc,
    max_drift_ms: u64,
}

impl HlcClock {
    /// A clock that continues after `last` (persisted by the store across restarts).
    pub fn new(last: Hlc) -> Self {
        Self { last, max_drift_ms: DEFAULT_MAX_DRIFT_MS }
    }

    /// The same clock with another drift allowance.
    pub fn with_max_drift_ms(mut self, max_drift_ms: u64) -> Self {
        self.max_drift_ms = max_drift_ms;
        self
    }

    /// The latest value handed out or observed.
    pub fn last(&self) -> Hlc {
        self.last
    }

    /// A timestamp for a local event, strictly after every earlier one.
    pub fn tick(&mut self, now_ms: u64) -> Hlc {
        self.last = if now_ms > self.last.wall_ms { Hlc { wall_ms: now_ms, counter: 0 } } else { self.successor_of(self.last) };
        self.last
    }

    /// Merges a timestamp received from another site. A remote clock more than the drift
    /// allowance ahead of `now_ms` is clamped to that allowance, so one bad clock cannot drag
    /// every site into the future.
    pub fn observe(&mut self, remote: Hlc, now_ms: u64) -> Observed {
        let clamped = remote.is_far_ahead(now_ms, self.max_drift_ms);
        let remote = if clamped { Hlc { wall_ms: now_ms.saturating_add(self.max_drift_ms), counter: 0 } } else { remote };
        let wall = now_ms.max(self.last.wall_ms).max(remote.wall_ms);
        let counter = match (wall == self.last.wall_ms, wall == remote.wall_ms) {
            (true, true) => self.last.counter.max(remote.counter).saturating_add(1),
            (true, false) => self.last.counter.saturating_add(1),
            (false, true) => remote.counter.saturating_add(1),
            (false, false) => 0,
        };
        self.last = Hlc { wall_ms: wall, counter };
        Observed { hlc: self.last, clamped }
    }

    fn successor_of(&self, hlc: Hlc) -> Hlc {
        match hlc.counter.checked_add(1) {
            Some(counter) => Hlc { wall_ms: hlc.wall_ms, counter },
            // A counter overflow within one millisecond: borrow the next millisecond.
            None => Hlc { wall_ms: hlc.wall_ms + 1, counter: 0 },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_is_strictly_monotonic_even_when_wall_time_goes_back() {
        let mut clock = HlcClock::new(Hlc::default());
        let a = clock.tick(1_000);
        let b = clock.tick(1_000);
        let c = clock.tick(900); // the OS clock stepped back
        let d = clock.tick(2_000);
        assert!(a < b && b < c && c < d);
        assert_eq!(c, Hlc { wall_ms: 1_000, counter: 2 });
        assert_eq!(d, Hlc { wall_ms: 2_000, counter: 0 });
    }

    #[test]
    fn observe_moves_past_remote_and_local() {
        let mut clock = HlcClock::new(Hlc { wall_ms: 1_000, counter: 3 });
        let seen = clock.observe(Hlc { wall_ms: 1_000, counter: 7 }, 500);
        assert_eq!(seen, Observed { hlc: Hlc { wall_ms: 1_000, counter: 8 }, clamped: false });
        assert!(clock.tick(500) > seen.hlc);
    }

    #[test]
    fn remote_clock_far_ahead_is_clamped() {
        let mut clock = HlcClock::new(Hlc::default()).with_max_drift_ms(1_000);
        let seen = clock.observe(Hlc { wall_ms: 10_000_000, counter: 0 }, 5_000);
        assert!(seen.clamped);
        assert_eq!(seen.hlc.wall_ms, 6_000);
        let within = clock.observe(Hlc { wall_ms: 5_500, counter: 0 }, 5_000);
        assert!(!within.clamped);
    }

    #[test]
    fn text_form_round_trips_and_sorts_like_the_value() {
        let a = Hlc { wall_ms: 999, counter: 12 };
        let b = Hlc { wall_ms: 1_000, counter: 0 };
        assert_eq!(a.to_string(), "000000000000999-000012");
        assert_eq!(a.to_string().parse::<Hlc>(), Ok(a));
        assert!(a.to_string() < b.to_string());
        assert_eq!("12-3".parse::<Hlc>(), Err(HlcParseError));
    }

    #[test]
    fn versions_break_clock_ties_by_site() {
        let hlc = Hlc { wall_ms: 5, counter: 0 };
        let a = Version { hlc, site_id: "a".into() };
        let b = Version { hlc, site_id: "b".into() };
        assert!(a < b);
        assert_eq!(a.to_string(), "000000000000005-000000@a");
        assert_eq!(a.to_string().parse::<Version>(), Ok(a));
        assert!("000000000000005-000000".parse::<Version>().is_err());
    }
}
