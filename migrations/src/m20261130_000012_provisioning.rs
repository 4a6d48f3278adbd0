//! Provisioning from the directory (SCIM): what the directory calls each person, the
//! tokens it uses, and the deactivations held back by the mass-deactivation guard.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000012_provisioning"
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    ScimUserName,
    ScimUserKey,
    ExternalId,
    EmployeeNumber,
    PreferredLanguage,
    EmailType,
    ScimDeletedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ScimTokens {
    Table,
    Id,
    Name,
    TokenHash,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

/// A deactivation the guard held back, until an admin approves or rejects it.
#[derive(DeriveIden)]
enum ScimHolds {
    Table,
    Id,
    UserId,
    RequestedAt,
    Via,
    TokenName,
    Status,
    DecidedAt,
    DecidedBy,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Action,
    At,
}

const USER_COLUMNS: [Users; 8] = [
    Users::ScimUserName,
    Users::ScimUserKey,
    Users::ExternalId,
    Users::EmployeeNumber,
    Users::PreferredLanguage,
    Users::EmailType,
    Users::ScimDeletedAt,
    Users::UpdatedAt,
];

fn column(name: Users) -> ColumnDef {
    let timestamp = matches!(name, Users::ScimDeletedAt | Users::UpdatedAt);
    let mut def = ColumnDef::new(name);
    if timestamp {
        def.timestamp_with_time_zone().null();
    } else {
        def.string().null();
    }
    def
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for name in USER_COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .add_column(column(name))
                        .to_owned(),
                )
                .await?;
        }
        // userName is unique without regard to case (RFC 7643 §4.1.1): the key is its
        // lower case, so that the index decides and two requests cannot both win.
        manager
            .create_index(
                Index::create()
                    .name("idx_users_scim_user_key")
                    .table(Users::Table)
                    .col(Users::ScimUserKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_users_external_id")
                    .table(Users::Table)
                    .col(Users::ExternalId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ScimTokens::Table)
                    .col(
                        ColumnDef::new(ScimTokens::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(ScimTokens::Name)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(ScimTokens::TokenHash)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(ScimTokens::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ScimTokens::LastUsedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(ScimTokens::RevokedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ScimHolds::Table)
                    .col(
                        ColumnDef::new(ScimHolds::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(ScimHolds::UserId).big_integer().not_null())
                    .col(
                        ColumnDef::new(ScimHolds::RequestedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(ScimHolds::Via).string().not_null())
                    .col(ColumnDef::new(ScimHolds::TokenName).string().not_null())
                    .col(ColumnDef::new(ScimHolds::Status).string().not_null())
                    .col(
                        ColumnDef::new(ScimHolds::DecidedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(ScimHolds::DecidedBy).string().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(ScimHolds::Table, ScimHolds::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_scim_holds_status")
                    .table(ScimHolds::Table)
                    .col(ScimHolds::Status)
                    .col(ScimHolds::UserId)
                    .to_owned(),
            )
            .await?;
        // The guard counts the directory's deactivations of the last hour in the log.
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_action_at")
                    .table(AuditLog::Table)
                    .col(AuditLog::Action)
                    .col(AuditLog::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_audit_log_action_at")
                    .table(AuditLog::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(ScimHolds::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ScimTokens::Table).to_owned())
            .await?;
        for name in ["idx_users_external_id", "idx_users_scim_user_key"] {
            manager
                .drop_index(Index::drop().name(name).table(Users::Table).to_owned())
                .await?;
        }
        for name in USER_COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .drop_column(name)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
