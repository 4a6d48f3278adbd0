//! What the learner's journey reads on every page, kept in memory. Compiled versions never
//! change, so they stay; course rows, enrolments and progress are kept for
//! [`crate::cache::TTL`] and dropped here the moment this process changes them.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, RwLock};

use sea_orm::ConnectionTrait;

use crate::cache::TtlCache;
use crate::course::Course;
use crate::store::courses::CourseRow;
use crate::store::learning::Enrolment;
use crate::store::{StoreError, courses};

#[derive(Debug, Default)]
pub struct LearningCache {
    versions: RwLock<HashMap<i64, Arc<Course>>>,
    /// By slug.
    pub(super) courses: TtlCache<String, CourseRow>,
    /// By (user, course); only enrolments that exist are kept.
    pub(super) enrolments: TtlCache<(i64, i64), Enrolment>,
    /// Lessons done, by enrolment.
    pub(super) progress: TtlCache<i64, BTreeSet<String>>,
    /// Answers to "was this helpful?", by (user, version, lesson), none given included.
    pub(super) feedback: TtlCache<(i64, i64, String), Option<super::LessonFeedback>>,
}

impl LearningCache {
    /// Forgets the course rows after a publication in this process, so that the next
    /// enrolment gets the new version at once (other instances within the TTL).
    pub fn courses_changed(&self) {
        self.courses.clear();
    }

    pub async fn version(
        &self,
        db: &impl ConnectionTrait,
        id: i64,
    ) -> Result<Arc<Course>, StoreError> {
        if let Some(course) = self.versions.read().ok().and_then(|v| v.get(&id).cloned()) {
            return Ok(course);
        }
        let course = courses::load_version(db, id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("course version {id} is missing")))?;
        let course = Arc::new(course);
        if let Ok(mut versions) = self.versions.write() {
            versions.insert(id, course.clone());
        }
        Ok(course)
    }
}
