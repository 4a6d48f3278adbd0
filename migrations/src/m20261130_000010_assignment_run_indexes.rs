//! Indexes for the hourly assignment run, so that a run with nothing to do finds its few
//! candidates without reading a course's enrolments. Two partial indexes: current open
//! enrolments without a due date, and current completions by date (recertification);
//! each covers only the rows its query asks for. And the course index gains the person,
//! so "who in scope has no enrolment in this course" reads the index alone.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000010_assignment_run_indexes"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // The same text on both databases; the queries repeat these conditions literally,
        // as a partial index is used only when the query implies its WHERE.
        db.execute_unprepared(
            "CREATE INDEX idx_enrolments_undated ON enrolments (course_id) \
             WHERE is_current = TRUE AND completed_at IS NULL AND due_date IS NULL",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX idx_enrolments_current_completion ON enrolments (course_id, completed_at) \
             WHERE is_current = TRUE AND completed_at IS NOT NULL",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX idx_enrolments_course_user ON enrolments (course_id, user_id)",
        )
        .await?;
        db.execute_unprepared("DROP INDEX idx_enrolments_course")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("CREATE INDEX idx_enrolments_course ON enrolments (course_id)")
            .await?;
        db.execute_unprepared("DROP INDEX idx_enrolments_course_user")
            .await?;
        db.execute_unprepared("DROP INDEX idx_enrolments_current_completion")
            .await?;
        db.execute_unprepared("DROP INDEX idx_enrolments_undated")
            .await?;
        Ok(())
    }
}
