//! Sign-in links sent by email: each row is one link, usable once.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000006_sign_in_links"
    }
}

#[derive(DeriveIden)]
enum SignInLinks {
    Table,
    Id,
    UserId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SignInLinks::Table)
                    .col(
                        ColumnDef::new(SignInLinks::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(SignInLinks::UserId).big_integer().not_null())
                    .col(
                        ColumnDef::new(SignInLinks::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SignInLinks::ExpiresAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SignInLinks::UsedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SignInLinks::Table, SignInLinks::UserId)
                            .to(Alias::new("users"), Alias::new("id")),
                    )
                    .to_owned(),
            )
            .await?;
        // The rate limit counts a person's recent links.
        manager
            .create_index(
                Index::create()
                    .name("idx_sign_in_links_user")
                    .table(SignInLinks::Table)
                    .col(SignInLinks::UserId)
                    .col(SignInLinks::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SignInLinks::Table).to_owned())
            .await
    }
}
