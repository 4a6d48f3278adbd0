//! The versions of the courses as the trainer's workspace lists them: when each was
//! registered, and how many people are on it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::StoreError;
use super::entities::{course_version, enrolment};

#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct VersionRow {
    pub id: i64,
    pub course_id: i64,
    pub created_at: DateTime<Utc>,
}

/// Every version (without its content), oldest first within each course; `course`
/// narrows it to one course.
pub async fn list(
    db: &impl ConnectionTrait,
    course: Option<i64>,
) -> Result<Vec<VersionRow>, StoreError> {
    let mut query = course_version::Entity::find()
        .select_only()
        .columns([
            course_version::Column::Id,
            course_version::Column::CourseId,
            course_version::Column::CreatedAt,
        ])
        .order_by_asc(course_version::Column::CourseId)
        .order_by_asc(course_version::Column::CreatedAt)
        .order_by_asc(course_version::Column::Id);
    if let Some(course) = course {
        query = query.filter(course_version::Column::CourseId.eq(course));
    }
    Ok(query.into_model::<VersionRow>().all(db).await?)
}

#[derive(Debug, FromQueryResult)]
struct PeopleOn {
    course_version_id: i64,
    people: i64,
}

/// The people on each version: current enrolments (one per person and course), in
/// progress or completed.
pub async fn people(
    db: &impl ConnectionTrait,
    course: Option<i64>,
) -> Result<HashMap<i64, u64>, StoreError> {
    let mut query = enrolment::Entity::find()
        .select_only()
        .column(enrolment::Column::CourseVersionId)
        .column_as(enrolment::Column::Id.count(), "people")
        .filter(enrolment::Column::IsCurrent.eq(true))
        .group_by(enrolment::Column::CourseVersionId);
    if let Some(course) = course {
        query = query.filter(enrolment::Column::CourseId.eq(course));
    }
    Ok(query
        .into_model::<PeopleOn>()
        .all(db)
        .await?
        .into_iter()
        .map(|row| {
            (
                row.course_version_id,
                u64::try_from(row.people).unwrap_or(0),
            )
        })
        .collect())
}
