//! Which stored messages and log entries mention which of many people, found in one pass
//! over each table. Anonymising a thousand people one at a time would otherwise search
//! the whole outbox and audit log a thousand times (about 0.2 s a person at 50,000
//! messages). The pass covers the rows that exist when it runs; each person's own
//! transaction then looks again only at rows written after it.

use std::collections::{BTreeSet, HashMap};

use aho_corasick::AhoCorasick;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::StoreError;
use super::entities::{audit_entry, outbox_email};

/// Rows read per query during the pass.
const PAGE: u64 = 2_000;

/// A person to look for: their id, address and every spelling of them.
#[derive(Debug, Clone)]
pub struct Sought {
    pub id: i64,
    pub email: String,
    pub spellings: Vec<String>,
}

/// The rows that mention each person, up to the newest row at the time of the pass.
#[derive(Debug, Default, Clone)]
pub struct Mentions {
    pub outbox: HashMap<i64, Vec<i64>>,
    pub audit: HashMap<i64, Vec<i64>>,
    /// The newest outbox row the pass read; later rows are searched per person.
    pub outbox_up_to: i64,
    pub audit_up_to: i64,
}

impl Mentions {
    pub fn outbox_rows(&self, person: i64) -> Vec<i64> {
        self.outbox.get(&person).cloned().unwrap_or_default()
    }

    pub fn audit_rows(&self, person: i64) -> Vec<i64> {
        self.audit.get(&person).cloned().unwrap_or_default()
    }
}

struct Matcher {
    automaton: AhoCorasick,
    /// The person each pattern belongs to.
    owners: Vec<i64>,
}

impl Matcher {
    fn new(people: &[Sought]) -> Result<Matcher, StoreError> {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for person in people {
            for spelling in &person.spellings {
                patterns.push(spelling.to_lowercase());
                owners.push(person.id);
            }
        }
        let automaton =
            AhoCorasick::new(&patterns).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(Matcher { automaton, owners })
    }

    /// Everyone any of `texts` mentions, as `LOWER(text) LIKE '%spelling%'` would find.
    fn owners_in<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> BTreeSet<i64> {
        let mut found = BTreeSet::new();
        for text in texts {
            let lower = text.to_lowercase();
            for hit in self.automaton.find_overlapping_iter(&lower) {
                found.insert(self.owners[hit.pattern().as_usize()]);
            }
        }
        found
    }
}

pub async fn find(db: &impl ConnectionTrait, people: &[Sought]) -> Result<Mentions, StoreError> {
    let mut mentions = Mentions::default();
    if people.is_empty() {
        return Ok(mentions);
    }
    let matcher = Matcher::new(people)?;
    let by_email: HashMap<&str, i64> = people.iter().map(|p| (p.email.as_str(), p.id)).collect();
    let ids: BTreeSet<i64> = people.iter().map(|p| p.id).collect();
    loop {
        let page = outbox_email::Entity::find()
            .filter(outbox_email::Column::Id.gt(mentions.outbox_up_to))
            .order_by_asc(outbox_email::Column::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        let Some(last) = page.last() else { break };
        mentions.outbox_up_to = last.id;
        for m in &page {
            let mut owners = matcher.owners_in(
                [m.subject.as_str(), m.text_body.as_str()]
                    .into_iter()
                    .chain(m.html_body.as_deref()),
            );
            owners.extend(by_email.get(m.recipient.as_str()));
            for owner in owners {
                mentions.outbox.entry(owner).or_default().push(m.id);
            }
        }
    }
    loop {
        let page = audit_entry::Entity::find()
            .filter(audit_entry::Column::Id.gt(mentions.audit_up_to))
            .order_by_asc(audit_entry::Column::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        let Some(last) = page.last() else { break };
        mentions.audit_up_to = last.id;
        for entry in &page {
            let mut owners = matcher.owners_in([entry.actor.as_str(), entry.details.as_str()]);
            owners.extend(entry.actor_id.filter(|id| ids.contains(id)));
            for owner in owners {
                mentions.audit.entry(owner).or_default().push(entry.id);
            }
        }
    }
    Ok(mentions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matcher_finds_everyone_mentioned_without_regard_to_case_overlaps_included() {
        let people = [
            Sought {
                id: 1,
                email: "anna@x.se".into(),
                spellings: vec!["anna@x.se".into(), "Anna Berg".into()],
            },
            Sought {
                id: 2,
                email: "berg@x.se".into(),
                spellings: vec!["berg@x.se".into(), "Anna Bergström".into()],
            },
        ];
        let matcher = Matcher::new(&people).unwrap();
        assert_eq!(
            matcher.owners_in(["Hej ANNA BERGSTRÖM!"]),
            BTreeSet::from([1, 2])
        );
        assert_eq!(matcher.owners_in(["till berg@x.se"]), BTreeSet::from([2]));
        assert!(matcher.owners_in(["Åsa"]).is_empty());
    }
}
