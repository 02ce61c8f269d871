//! Redis behind the stores that replicas share: the pacing schedule
//! ([`PacingStore`]) and the webhook ids seen (`SeenStore`, with the
//! `webhooks` feature).
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use plain_sdk::{pacing::Pacer, redis::RedisStore, PlainClient};
//!
//! let redis = RedisStore::connect("redis://127.0.0.1:6379/").await?;
//! let client = PlainClient::builder(std::env::var("PLAIN_API_KEY")?)
//!     .pacing(Pacer::with_store(redis.clone()))
//!     .build()?;
//! # Ok(()) }
//! ```
//!
//! Times are the callers' clocks in milliseconds since the Unix epoch:
//! replicas sharing a schedule need clocks kept in step (NTP), as Plain's
//! `x-ratelimit-reset` already assumes.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use crate::pacing::{PacingStore, Reservation};
use crate::store::{StoreError, StoreFuture};

/// How long a command may take before the store reports an error (and the
/// client paces within its process instead).
pub const DEFAULT_RESPONSE_TIMEOUT: Duration = Duration::from_millis(500);

/// [`Reservation::grant`], made atomic inside Redis: the slot is the latest
/// of the stored next slot, now and the hold; the next slot is stored, kept
/// a minute past itself.
const RESERVE: &str = r"
local stored = tonumber(redis.call('GET', KEYS[1]))
local now = tonumber(ARGV[1])
local slot = math.max(now, tonumber(ARGV[2]))
if stored and stored > slot then slot = stored end
local next_free = slot + tonumber(ARGV[3])
redis.call('SET', KEYS[1], string.format('%d', next_free), 'PX', string.format('%d', next_free - now + 60000))
return slot
";

/// A Redis connection (reconnecting when it drops), shared by clones.
#[derive(Clone)]
pub struct RedisStore {
    connection: ConnectionManager,
    reserve: redis::Script,
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore").finish_non_exhaustive()
    }
}

impl RedisStore {
    /// Connects to `url` (`redis://host:port/db`, `rediss://` for TLS if
    /// your redis build has it), with [`DEFAULT_RESPONSE_TIMEOUT`].
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let client = redis::Client::open(url)
            .map_err(|e| StoreError::new(format!("{url:?} is not a Redis URL"), e))?;
        let config = ConnectionManagerConfig::new()
            .set_response_timeout(Some(DEFAULT_RESPONSE_TIMEOUT))
            .set_connection_timeout(Some(Duration::from_secs(2)))
            .set_number_of_retries(2);
        let connection = client
            .get_connection_manager_with_config(config)
            .await
            .map_err(|e| StoreError::new("could not connect to Redis", e))?;
        Ok(Self::from_connection(connection))
    }

    /// A store on a connection you configured.
    pub fn from_connection(connection: ConnectionManager) -> Self {
        RedisStore {
            connection,
            reserve: redis::Script::new(RESERVE),
        }
    }
}

fn millis(t: SystemTime) -> u64 {
    let since = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
}

/// Rounded up: a schedule in whole milliseconds may be slower, never faster.
fn ceil_millis(d: Duration) -> u64 {
    u64::try_from(d.as_nanos().div_ceil(1_000_000)).unwrap_or(u64::MAX)
}

fn failed(what: &'static str) -> impl FnOnce(redis::RedisError) -> StoreError {
    move |e| StoreError::new(what, e)
}

impl PacingStore for RedisStore {
    fn reserve<'a>(
        &'a self,
        key: &'a str,
        reservation: Reservation,
    ) -> StoreFuture<'a, SystemTime> {
        Box::pin(async move {
            let mut connection = self.connection.clone();
            let slot: u64 = self
                .reserve
                .key(key)
                .arg(millis(reservation.now))
                .arg(millis(reservation.not_before))
                .arg(ceil_millis(reservation.interval))
                .invoke_async(&mut connection)
                .await
                .map_err(failed("Redis did not reserve a pacing slot"))?;
            Ok(UNIX_EPOCH + Duration::from_millis(slot))
        })
    }
}

#[cfg(feature = "webhooks")]
impl crate::webhooks::SeenStore for RedisStore {
    fn first_sighting<'a>(&'a self, key: &'a str, window: Duration) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let mut connection = self.connection.clone();
            // SET NX: only the first writer within the window gets OK.
            let set: Option<String> = redis::cmd("SET")
                .arg(key)
                .arg(1)
                .arg("NX")
                .arg("PX")
                .arg(u64::try_from(window.as_millis()).unwrap_or(u64::MAX).max(1))
                .query_async(&mut connection)
                .await
                .map_err(failed("Redis did not record the webhook id"))?;
            Ok(set.is_some())
        })
    }
}
