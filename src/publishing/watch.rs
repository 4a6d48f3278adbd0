//! Publishing while the server runs: when the courses folder changes, and on `SIGHUP` for
//! deployments where file events do not reach the server (some network file systems and
//! volume mounts). A burst of changes (a `git pull`, an editor's save) publishes once.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc;

use crate::shutdown::Shutdown;

use super::{Publisher, Trigger};

/// A change is acted on once the folder has been quiet this long.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// Changes under a folder, as they come; dropping the watcher stops them.
pub struct FolderChanges {
    _watcher: RecommendedWatcher,
    changes: mpsc::UnboundedReceiver<()>,
}

impl FolderChanges {
    /// Watches `folder` and everything under it. Reading files is not a change: the
    /// compiler reads them all, and would otherwise set itself off again.
    pub fn watch(folder: &Path) -> notify::Result<Self> {
        let (changed, changes) = mpsc::unbounded_channel();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<Event>| match event {
                Ok(event) if changes_content(&event.kind) => {
                    let _ = changed.send(());
                }
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "watching the courses folder"),
            })?;
        watcher.watch(folder, RecursiveMode::Recursive)?;
        Ok(FolderChanges {
            _watcher: watcher,
            changes,
        })
    }

    /// Waits for a change and then for the folder to be quiet for [`DEBOUNCE`]; `None`
    /// once the watcher has stopped.
    pub async fn next(&mut self) -> Option<()> {
        self.changes.recv().await?;
        loop {
            tokio::select! {
                more = self.changes.recv() => more?,
                () = tokio::time::sleep(DEBOUNCE) => return Some(()),
            }
        }
    }
}

fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Starts the background task that publishes on folder changes (when `watch_folder`) and on
/// `SIGHUP`. A folder that cannot be watched is logged, and the signal still works.
pub fn spawn(
    publisher: Arc<Publisher>,
    background: &Shutdown,
    watch_folder: bool,
) -> std::io::Result<()> {
    let mut changes = if watch_folder {
        match FolderChanges::watch(publisher.folder()) {
            Ok(changes) => Some(changes),
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
        loop {
            let folder_changed = async {
                match changes.as_mut() {
                    Some(changes) => changes.next().await,
                    None => std::future::pending().await,
                }
            };
            let trigger = tokio::select! {
                Some(()) = folder_changed => Trigger::FolderChanged,
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

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind};

    #[test]
    fn writes_are_changes_and_reads_are_not() {
        assert!(changes_content(&EventKind::Modify(ModifyKind::Any)));
        assert!(changes_content(&EventKind::Create(CreateKind::File)));
        assert!(changes_content(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(!changes_content(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!changes_content(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
    }
}
