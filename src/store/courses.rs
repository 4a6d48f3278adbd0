//! The course registry: compiled courses and every version of them, kept so that a learner
//! can finish the version they started after the files have changed.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, TransactionSession, TransactionTrait,
};

use crate::course::{Compilation, Content, Course, CourseSource};

use super::StoreError;
use super::entities::{course, course_media, course_version};

pub use course::Model as CourseRow;

/// What registering the compiled courses did, for the start-up log.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Registration {
    /// Courses whose newest files compiled: published at that version.
    pub published: Vec<String>,
    /// Of those, the ones that got a new version now.
    pub new_versions: Vec<String>,
    /// Courses with errors that stay published at their last good version.
    pub kept_last_good: Vec<String>,
    /// Courses with errors and no earlier good version: not published.
    pub rejected: Vec<String>,
    /// Courses whose folder is gone: out of the catalogue, history kept.
    pub withdrawn: Vec<String>,
}

/// Registers every compiled course in one transaction.
pub async fn register(
    db: &impl TransactionTrait,
    compiled: &[(CourseSource, Compilation)],
    now: DateTime<Utc>,
) -> Result<Registration, StoreError> {
    let txn = super::begin_write(db).await?;
    let mut report = Registration::default();
    let mut on_disk = BTreeSet::new();
    for (source, compilation) in compiled {
        on_disk.insert(source.folder.clone());
        let existing = course::Entity::find()
            .filter(course::Column::Slug.eq(source.folder.as_str()))
            .one(&txn)
            .await?;
        match (&compilation.course, existing) {
            (Some(compiled), existing) => {
                let is_new = publish(&txn, source, compiled, existing, now).await?;
                if is_new {
                    report.new_versions.push(source.folder.clone());
                }
                report.published.push(source.folder.clone());
            }
            (None, Some(row)) if row.current_version_id.is_some() => {
                set_published(&txn, row.id, true, now).await?;
                report.kept_last_good.push(source.folder.clone());
            }
            (None, _) => report.rejected.push(source.folder.clone()),
        }
    }
    for row in course::Entity::find()
        .filter(course::Column::Published.eq(true))
        .all(&txn)
        .await?
    {
        if !on_disk.contains(&row.slug) {
            set_published(&txn, row.id, false, now).await?;
            report.withdrawn.push(row.slug);
        }
    }
    txn.commit().await?;
    Ok(report)
}

/// Makes `compiled` the course's current version; true when the version is new.
async fn publish(
    db: &impl ConnectionTrait,
    source: &CourseSource,
    compiled: &Course,
    existing: Option<CourseRow>,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let course_id = match existing {
        Some(row) => row.id,
        None => {
            course::ActiveModel {
                slug: Set(compiled.slug.to_string()),
                title: Set(compiled.title.clone()),
                language: Set(compiled.language.code().to_owned()),
                current_version_id: Set(None),
                published: Set(true),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?
            .id
        }
    };
    let found = course_version::Entity::find()
        .filter(course_version::Column::CourseId.eq(course_id))
        .filter(course_version::Column::ContentHash.eq(compiled.version.as_str()))
        .one(db)
        .await?;
    let (version_id, is_new) = match found {
        Some(v) => (v.id, false),
        None => {
            let json =
                serde_json::to_string(compiled).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let version = course_version::ActiveModel {
                course_id: Set(course_id),
                content_hash: Set(compiled.version.clone()),
                compiled: Set(json),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
            for file in source
                .files
                .iter()
                .filter(|f| compiled.media.contains(&f.name))
            {
                if let Content::Bytes(bytes) = &file.content {
                    course_media::ActiveModel {
                        course_version_id: Set(version.id),
                        path: Set(file.name.clone()),
                        data: Set(bytes.clone()),
                        ..Default::default()
                    }
                    .insert(db)
                    .await?;
                }
            }
            (version.id, true)
        }
    };
    course::Entity::update_many()
        .col_expr(course::Column::CurrentVersionId, Expr::value(version_id))
        .col_expr(course::Column::Title, Expr::value(compiled.title.clone()))
        .col_expr(
            course::Column::Language,
            Expr::value(compiled.language.code()),
        )
        .col_expr(course::Column::Published, Expr::value(true))
        .col_expr(course::Column::UpdatedAt, Expr::value(now))
        .filter(course::Column::Id.eq(course_id))
        .exec(db)
        .await?;
    Ok(is_new)
}

async fn set_published(
    db: &impl ConnectionTrait,
    id: i64,
    published: bool,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    course::Entity::update_many()
        .col_expr(course::Column::Published, Expr::value(published))
        .col_expr(course::Column::UpdatedAt, Expr::value(now))
        .filter(course::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The language a course is written in (`sv`, `en`), for marking its title on pages in
/// the other language.
pub async fn language_of(
    db: &impl ConnectionTrait,
    course_id: i64,
) -> Result<Option<String>, StoreError> {
    Ok(course::Entity::find_by_id(course_id)
        .one(db)
        .await?
        .map(|c| c.language))
}

/// The catalogue: published courses with a servable version, by title.
pub async fn published(db: &impl ConnectionTrait) -> Result<Vec<CourseRow>, StoreError> {
    Ok(course::Entity::find()
        .filter(course::Column::Published.eq(true))
        .filter(course::Column::CurrentVersionId.is_not_null())
        .order_by_asc(course::Column::Title)
        .all(db)
        .await?)
}

/// Every course ever registered, withdrawn ones too (their enrolments still count), by title.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<CourseRow>, StoreError> {
    Ok(course::Entity::find()
        .order_by_asc(course::Column::Title)
        .all(db)
        .await?)
}

pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Option<CourseRow>, StoreError> {
    Ok(course::Entity::find_by_id(id).one(db).await?)
}

pub async fn find_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<CourseRow>, StoreError> {
    Ok(course::Entity::find()
        .filter(course::Column::Slug.eq(slug))
        .one(db)
        .await?)
}

pub async fn by_ids(
    db: &impl ConnectionTrait,
    ids: Vec<i64>,
) -> Result<Vec<CourseRow>, StoreError> {
    Ok(course::Entity::find()
        .filter(course::Column::Id.is_in(ids))
        .all(db)
        .await?)
}

/// A stored version, compiled.
pub async fn load_version(
    db: &impl ConnectionTrait,
    version_id: i64,
) -> Result<Option<Course>, StoreError> {
    let Some(row) = course_version::Entity::find_by_id(version_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    serde_json::from_str(&row.compiled)
        .map(Some)
        .map_err(|e| StoreError::Corrupt(format!("course version {version_id}: {e}")))
}

pub async fn media(
    db: &impl ConnectionTrait,
    version_id: i64,
    path: &str,
) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(course_media::Entity::find()
        .filter(course_media::Column::CourseVersionId.eq(version_id))
        .filter(course_media::Column::Path.eq(path))
        .one(db)
        .await?
        .map(|m| m.data))
}
