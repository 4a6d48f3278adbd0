//! Compiled course versions, loaded once from the database and kept in memory: a version
//! never changes, so the cache never goes stale.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use sea_orm::ConnectionTrait;

use crate::course::Course;
use crate::store::{StoreError, courses};

#[derive(Debug, Default)]
pub struct Catalog {
    versions: RwLock<HashMap<i64, Arc<Course>>>,
}

impl Catalog {
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
