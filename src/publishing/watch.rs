//! Publishing while the server runs: when the courses folder changes (debounced, so that a
//! `git pull` or an editor's save publishes once), and on `SIGHUP` for deployments where
//! file events do not reach the server (some network file systems and volume mounts).

use std::sync::Arc;
use std::time::Duration;

use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};
use tokio::sync::mpsc;

use crate::shutdown::Shutdown;

use super::{Publisher, Trigger};

/// Changes closer together than this are one change.
pub const DEBOUNCE: Duration = Duration::from_millis(500);

type FolderWatcher = Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>;

/// Starts the background task that publishes on folder changes (when `watch_folder`) and on
/// `SIGHUP`. A folder that cannot be watched is logged, and the signal still works.
pub fn spawn(
    publisher: Arc<Publisher>,
    background: &Shutdown,
    watch_folder: bool,
) -> std::io::Result<()> {
    let (changed, mut changes) = mpsc::unbounded_channel::<()>();
    let watcher = if watch_folder {
        match watch(&publisher, changed) {
            Ok(watcher) => Some(watcher),
            Err(err) => {
                tracing::warn!(error = %err, folder = %publisher.folder().display(), "cannot watch the courses folder; publish with SIGHUP, the webhook or \"Publish now\"");
                None
            }
        }
    } else {
        None
    };
    let mut hangup = hangup()?;
    let stop = background.clone();
    background.spawn(async move {
        // Kept alive as long as the task: dropping it stops the watching.
        let _watcher = watcher;
        loop {
            let trigger = tokio::select! {
                Some(()) = changes.recv() => {
                    // A burst of events is one publication.
                    while changes.try_recv().is_ok() {}
                    Trigger::FolderChanged
                }
                Some(()) = hangup.recv() => Trigger::Signal,
                () = stop.requested() => break,
            };
            if let Err(err) = publisher.publish(trigger).await {
                tracing::error!(error = ?err, "cannot publish the courses");
            }
        }
    });
    Ok(())
}

fn watch(
    publisher: &Publisher,
    changed: mpsc::UnboundedSender<()>,
) -> Result<FolderWatcher, notify_debouncer_mini::notify::Error> {
    let mut debouncer = new_debouncer(DEBOUNCE, move |result: DebounceEventResult| match result {
        Ok(events) if !events.is_empty() => {
            let _ = changed.send(());
        }
        Ok(_) => {}
        Err(err) => tracing::warn!(error = %err, "watching the courses folder"),
    })?;
    debouncer
        .watcher()
        .watch(publisher.folder(), RecursiveMode::Recursive)?;
    Ok(debouncer)
}

/// `SIGHUP`s as they come; none on systems without signals.
#[cfg(unix)]
fn hangup() -> std::io::Result<mpsc::UnboundedReceiver<()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut signals = signal(SignalKind::hangup())?;
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while signals.recv().await.is_some() {
            tracing::info!("SIGHUP: publishing the courses");
            if tx.send(()).is_err() {
                break;
            }
        }
    });
    Ok(rx)
}

#[cfg(not(unix))]
fn hangup() -> std::io::Result<mpsc::UnboundedReceiver<()>> {
    let (_tx, rx) = mpsc::unbounded_channel();
    Ok(rx)
}
