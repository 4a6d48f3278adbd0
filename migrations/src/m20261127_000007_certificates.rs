//! Certificates, one per completion, and what the outbox needs to carry them and to
//! withdraw reminders that no longer apply.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000007_certificates"
    }
}

#[derive(DeriveIden)]
enum Certificates {
    Table,
    Id,
    Code,
    EnrolmentId,
    UserId,
    CourseId,
    HolderName,
    CourseTitle,
    Issuer,
    Language,
    CompletedOn,
    ValidUntil,
    IssuedAt,
    RevokedAt,
    RevokedReason,
    SupersededBy,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Attachment,
    EnrolmentId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Certificates::Table)
                    .col(
                        ColumnDef::new(Certificates::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Certificates::Code)
                            .string_len(32)
                            .not_null()
                            .unique_key(),
                    )
                    // One certificate per completed enrolment: completing twice issues once.
                    .col(
                        ColumnDef::new(Certificates::EnrolmentId)
                            .big_integer()
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(Certificates::UserId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Certificates::CourseId)
                            .big_integer()
                            .not_null(),
                    )
                    // What the certificate said when issued, kept as issued.
                    .col(ColumnDef::new(Certificates::HolderName).string().not_null())
                    .col(
                        ColumnDef::new(Certificates::CourseTitle)
                            .string()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Certificates::Issuer).string().not_null())
                    .col(
                        ColumnDef::new(Certificates::Language)
                            .string_len(8)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Certificates::CompletedOn).date().not_null())
                    .col(ColumnDef::new(Certificates::ValidUntil).date().null())
                    .col(
                        ColumnDef::new(Certificates::IssuedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Certificates::RevokedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(Certificates::RevokedReason).string().null())
                    .col(
                        ColumnDef::new(Certificates::SupersededBy)
                            .big_integer()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Certificates::Table, Certificates::EnrolmentId)
                            .to(Alias::new("enrolments"), Alias::new("id")),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Certificates::Table, Certificates::UserId)
                            .to(Alias::new("users"), Alias::new("id")),
                    )
                    .to_owned(),
            )
            .await?;
        // The learner's certificates, and the one a recertification supersedes.
        manager
            .create_index(
                Index::create()
                    .name("idx_certificates_user_course")
                    .table(Certificates::Table)
                    .col(Certificates::UserId)
                    .col(Certificates::CourseId)
                    .to_owned(),
            )
            .await?;
        // The expiry notice looks for certificates running out soon.
        manager
            .create_index(
                Index::create()
                    .name("idx_certificates_valid_until")
                    .table(Certificates::Table)
                    .col(Certificates::ValidUntil)
                    .to_owned(),
            )
            .await?;
        // SQLite alters one column per statement.
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(ColumnDef::new(Outbox::Attachment).string().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(ColumnDef::new(Outbox::EnrolmentId).big_integer().null())
                    .to_owned(),
            )
            .await?;
        // A completion withdraws the pending reminders about its enrolment.
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_enrolment")
                    .table(Outbox::Table)
                    .col(Outbox::EnrolmentId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_outbox_enrolment")
                    .table(Outbox::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Outbox::EnrolmentId, Outbox::Attachment] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Outbox::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(Certificates::Table).to_owned())
            .await
    }
}
