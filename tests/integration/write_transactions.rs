//! Transactions that read before they write (imports, assignment runs, the course
//! registry) survive other connections writing meanwhile, such as the mail worker.

use std::time::Duration;

use bryggan::domain::Email;
use bryggan::store::outbox::{self, NewEmail};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, TransactionTrait};

fn email(key: &str) -> NewEmail {
    NewEmail {
        dedup_key: key.into(),
        to: Email::parse("anna@malmo.se").unwrap(),
        subject: "S".into(),
        text: "T".into(),
        html: None,
        attachment: None,
        enrolment_id: None,
    }
}

/// Reads, lets another connection write, then writes itself.
async fn read_then_write<T: ConnectionTrait>(
    db: &DatabaseConnection,
    txn: &T,
    key: &str,
) -> (Result<(), sea_orm::DbErr>, tokio::task::JoinHandle<bool>) {
    txn.execute_unprepared("SELECT COUNT(*) FROM users")
        .await
        .unwrap();
    let other = db.clone();
    let key = key.to_owned();
    let writer = tokio::spawn(async move {
        outbox::enqueue(&other, email(&key), chrono::Utc::now())
            .await
            .is_ok()
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let own = txn
        .execute_unprepared("INSERT INTO departments (name, path) VALUES ('Ny', 'Ny')")
        .await
        .map(drop);
    (own, writer)
}

#[tokio::test]
async fn a_write_transaction_that_reads_first_survives_another_connection_writing() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::server::app::fresh_database(dir.path()).await;
    let db = bryggan::store::connect(&url).await.unwrap();

    let txn = bryggan::store::begin_write(&db).await.unwrap();
    let (own, writer) = read_then_write(&db, &txn, "a").await;
    assert!(own.is_ok(), "{own:?}");
    txn.commit().await.unwrap();
    assert!(
        writer.await.unwrap(),
        "the other writer waited and then wrote"
    );

    if db.get_database_backend() == DbBackend::Sqlite {
        // Why: the same with a plain (deferred) transaction fails on SQLite.
        let txn = db.begin().await.unwrap();
        let (own, writer) = read_then_write(&db, &txn, "b").await;
        assert!(own.is_err(), "a deferred transaction is refused its write");
        txn.rollback().await.unwrap();
        assert!(writer.await.unwrap());
    }
}
