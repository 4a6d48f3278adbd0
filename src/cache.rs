//! A small time-bounded cache for the hot read path (session user, course row, enrolment,
//! progress), so a lesson view needs no database round trip when warm.
//!
//! Entries live [`TTL`] at most. This process drops an entry the moment it changes the row
//! behind it; another instance sharing the database sees the change within the TTL. That
//! bound is the price: a sign-out on one instance reaches the others within two seconds.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const TTL: Duration = Duration::from_secs(2);
/// Above this many entries, expired ones are swept; a cache never holds more than twice it.
const SOFT_CAPACITY: usize = 50_000;

#[derive(Debug)]
pub struct TtlCache<K, V> {
    entries: Mutex<HashMap<K, (Instant, V)>>,
    ttl: Duration,
    capacity: usize,
}

impl<K: Eq + Hash + Clone, V: Clone> Default for TtlCache<K, V> {
    fn default() -> Self {
        Self::new(TTL)
    }
}

impl<K: Eq + Hash + Clone, V: Clone> TtlCache<K, V> {
    pub fn new(ttl: Duration) -> Self {
        Self::bounded(ttl, SOFT_CAPACITY)
    }

    /// A cache that sweeps above `capacity` entries and never holds more than twice it:
    /// for large values.
    pub fn bounded(ttl: Duration, capacity: usize) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            ttl,
            capacity,
        }
    }

    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let entries = self.entries.lock().ok()?;
        entries
            .get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, v)| v.clone())
    }

    pub fn insert(&self, key: K, value: V) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= self.capacity {
            let ttl = self.ttl;
            entries.retain(|_, (at, _)| at.elapsed() < ttl);
            if entries.len() >= 2 * self.capacity {
                entries.clear();
            }
        }
        entries.insert(key, (Instant::now(), value));
    }

    pub fn remove(&self, key: &K) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(key);
        }
    }

    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_served_until_it_expires_or_is_removed() {
        let cache = TtlCache::new(Duration::from_millis(50));
        cache.insert(1, "a");
        assert_eq!(cache.get(&1), Some("a"));
        cache.remove(&1);
        assert_eq!(cache.get(&1), None);
        cache.insert(2, "b");
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(cache.get(&2), None);
    }
}
