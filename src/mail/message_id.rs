//! `Message-ID`s in the sender's domain, and the thread a reminder belongs to.
//!
//! An id is a hash of the site and the message's deduplication key, so a retried message
//! keeps its id, two installations never share one, and a reminder can name the notice it
//! follows without looking it up. The key itself may hold an address, so only its hash
//! leaves.

use sha2::{Digest, Sha256};

/// `<hash@domain>` for the outbox message with `dedup_key`.
pub fn for_key(site: &str, dedup_key: &str, domain: &str) -> String {
    let hash = Sha256::new()
        .chain_update(site.as_bytes())
        .chain_update(b"\n")
        .chain_update(dedup_key.as_bytes())
        .finalize();
    format!("<{}.bryggan@{domain}>", hex::encode(&hash[..16]))
}

/// The key of the message a reminder follows: every reminder about an enrolment answers
/// its assignment notice, so a mail reader shows them as one conversation.
pub fn thread_root(dedup_key: &str) -> Option<String> {
    let (reason, rest) = dedup_key.split_once(':')?;
    let enrolment: i64 = rest.split(':').next()?.parse().ok()?;
    matches!(reason, "due-soon" | "overdue")
        .then(|| crate::reminders::plan::assigned_key(enrolment))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_stable_for_a_message_and_differs_between_messages_and_sites() {
        let id = for_key("https://bryggan.malmo.se", "assigned:7", "malmo.se");
        assert!(
            id.starts_with('<') && id.ends_with(".bryggan@malmo.se>"),
            "{id}"
        );
        assert_eq!(
            id,
            for_key("https://bryggan.malmo.se", "assigned:7", "malmo.se")
        );
        assert_ne!(
            id,
            for_key("https://bryggan.malmo.se", "assigned:8", "malmo.se")
        );
        assert_ne!(
            id,
            for_key("https://test.malmo.se", "assigned:7", "malmo.se")
        );
        assert!(!for_key("s", "digest:chef@malmo.se:2026-W09", "malmo.se").contains("chef"));
    }

    #[test]
    fn reminders_follow_their_assignment_notice_and_nothing_else_is_threaded() {
        assert_eq!(thread_root("due-soon:7").as_deref(), Some("assigned:7"));
        assert_eq!(thread_root("overdue:7:2").as_deref(), Some("assigned:7"));
        for alone in [
            "assigned:7",
            "digest:chef@malmo.se:2026-W09",
            "expiry:3",
            "overdue:x:1",
            "other",
        ] {
            assert_eq!(thread_root(alone), None, "{alone}");
        }
    }
}
