//! Single sign-on: the provider identities linked to accounts, and the sign-ins under way.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000011_single_sign_on"
    }
}

#[derive(DeriveIden)]
enum SsoIdentities {
    Table,
    Id,
    Issuer,
    Subject,
    UserId,
    LinkedAt,
}

/// A sign-in sent to the provider and not yet back: single use, bound to one browser.
#[derive(DeriveIden)]
enum SsoLogins {
    Table,
    StateHash,
    BrowserHash,
    Nonce,
    PkceVerifier,
    ReturnTo,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SsoIdentities::Table)
                    .col(
                        ColumnDef::new(SsoIdentities::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(SsoIdentities::Issuer).string().not_null())
                    .col(ColumnDef::new(SsoIdentities::Subject).string().not_null())
                    .col(
                        ColumnDef::new(SsoIdentities::UserId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SsoIdentities::LinkedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SsoIdentities::Table, SsoIdentities::UserId)
                            .to(Alias::new("users"), Alias::new("id")),
                    )
                    .to_owned(),
            )
            .await?;
        // One account per provider identity; later sign-ins find it by these two alone.
        manager
            .create_index(
                Index::create()
                    .name("idx_sso_identities_issuer_subject")
                    .table(SsoIdentities::Table)
                    .col(SsoIdentities::Issuer)
                    .col(SsoIdentities::Subject)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SsoLogins::Table)
                    .col(
                        ColumnDef::new(SsoLogins::StateHash)
                            .string()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(SsoLogins::BrowserHash).string().not_null())
                    .col(ColumnDef::new(SsoLogins::Nonce).string().not_null())
                    .col(ColumnDef::new(SsoLogins::PkceVerifier).string().not_null())
                    .col(ColumnDef::new(SsoLogins::ReturnTo).string().not_null())
                    .col(
                        ColumnDef::new(SsoLogins::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SsoLogins::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SsoIdentities::Table).to_owned())
            .await
    }
}
