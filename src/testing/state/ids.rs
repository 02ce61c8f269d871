//! Ids shaped like Plain's: a prefix that names the kind of entity, `_`,
//! then a 26-character ULID (48 bits of milliseconds since the Unix epoch
//! and 80 random bits, in Crockford's base32), strictly increasing within
//! one workspace so that ids sort in the order they were made.

use std::hash::{BuildHasher, Hasher};
use std::sync::{Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

/// The kinds of entity the workspace makes, each with its id prefix: the
/// one table of them. `mu`, `c`, `th`, `tev` and `w` are the prefixes
/// Plain's documentation and webhook payloads show; the others are ours,
/// chosen once here.
///
/// | kind | prefix |
/// |---|---|
/// | machine user (the API key's) | `mu` |
/// | workspace | `w` |
/// | customer | `c` |
/// | thread | `th` |
/// | thread event (and its timeline entry) | `tev` |
/// | label type | `lt` |
/// | label | `l` |
/// | note | `n` |
/// | customer event | `cev` |
/// | tenant | `tn` |
/// | webhook target | `wt` |
/// | webhook event | `whe` |
/// | webhook delivery attempt | `wha` |
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    MachineUser,
    Workspace,
    Customer,
    Thread,
    ThreadEvent,
    LabelType,
    Label,
    Note,
    CustomerEvent,
    Tenant,
    WebhookTarget,
    WebhookEvent,
    #[cfg_attr(not(feature = "webhooks"), allow(dead_code))]
    WebhookAttempt,
}

impl Kind {
    pub(crate) fn prefix(self) -> &'static str {
        match self {
            Kind::MachineUser => "mu",
            Kind::Workspace => "w",
            Kind::Customer => "c",
            Kind::Thread => "th",
            Kind::ThreadEvent => "tev",
            Kind::LabelType => "lt",
            Kind::Label => "l",
            Kind::Note => "n",
            Kind::CustomerEvent => "cev",
            Kind::Tenant => "tn",
            Kind::WebhookTarget => "wt",
            Kind::WebhookEvent => "whe",
            Kind::WebhookAttempt => "wha",
        }
    }
}

/// Crockford's base32 alphabet (no I, L, O, U).
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_BITS: u32 = 80;
const RANDOM_MASK: u128 = (1 << RANDOM_BITS) - 1;

/// A ULID: `ms` (its low 48 bits) in 10 characters, then `random` (its low
/// 80 bits) in 16.
pub(crate) fn ulid(ms: u64, random: u128) -> String {
    let value = (u128::from(ms & 0xFFFF_FFFF_FFFF) << RANDOM_BITS) | (random & RANDOM_MASK);
    (0..26)
        .rev()
        .map(|i| char::from(ALPHABET[((value >> (i * 5)) & 31) as usize]))
        .collect()
}

/// Makes the ids of one workspace.
#[derive(Debug)]
pub(crate) struct Ids {
    /// The last id's milliseconds and random part.
    last: Mutex<(u64, u128)>,
    seed: std::collections::hash_map::RandomState,
}

impl Default for Ids {
    fn default() -> Ids {
        Ids::new()
    }
}

impl Ids {
    pub(crate) fn new() -> Ids {
        Ids {
            last: Mutex::new((0, 0)),
            seed: std::collections::hash_map::RandomState::new(),
        }
    }

    /// A new id of `kind`, made at `now`: later than every id made before
    /// (within a millisecond, or when the clock steps back, the random part
    /// counts up from the last one's).
    pub(crate) fn make(&self, kind: Kind, now: SystemTime) -> String {
        let ms = now
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        let (ms, random) = if ms > last.0 {
            (ms, self.random(ms))
        } else {
            (last.0, (last.1 + 1) & RANDOM_MASK)
        };
        *last = (ms, random);
        format!("{}_{}", kind.prefix(), ulid(ms, random))
    }

    fn random(&self, ms: u64) -> u128 {
        let word = |salt: u64| {
            let mut hasher = self.seed.build_hasher();
            hasher.write_u64(ms);
            hasher.write_u64(salt);
            u128::from(hasher.finish())
        };
        // Room below the top keeps a millisecond's increments from wrapping.
        ((word(1) << 64) | word(2)) & (RANDOM_MASK >> 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn ulids_encode_time_then_randomness_in_crockford_base32() {
        #[rustfmt::skip]
        let cases = [
            (0, 0, "00000000000000000000000000"),
            (1, 0, "00000000010000000000000000"),
            (0, 1, "00000000000000000000000001"),
            (0xFFFF_FFFF_FFFF, RANDOM_MASK, "7ZZZZZZZZZZZZZZZZZZZZZZZZZ"),
            (1_469_922_850_259, 0, "01ARZ3NDEK0000000000000000"),
        ];
        for (ms, random, expected) in cases {
            assert_eq!(ulid(ms, random), expected, "ms {ms}, random {random}");
        }
    }

    #[test]
    fn ids_have_their_prefix_and_increase_even_when_the_clock_does_not() {
        let ids = Ids::new();
        let at = UNIX_EPOCH + Duration::from_millis(1_767_258_000_000);
        let made: Vec<String> = [
            at,
            at,
            at - Duration::from_secs(1),
            at + Duration::from_millis(1),
        ]
        .into_iter()
        .map(|now| ids.make(Kind::ThreadEvent, now))
        .collect();
        for id in &made {
            assert!(id.starts_with("tev_") && id.len() == 30, "{id}");
        }
        let ulids: Vec<&str> = made.iter().map(|id| &id[4..]).collect();
        assert!(ulids.windows(2).all(|w| w[0] < w[1]), "{ulids:?}");
        assert_eq!(&ulids[0][..10], &ulid(1_767_258_000_000, 0)[..10]);
        assert_eq!(ids.make(Kind::Customer, at)[..2], *"c_");
    }
}
