//! Stopping without losing work. On SIGTERM or SIGINT the listener closes, requests in
//! flight finish, and the background tasks (the mail worker, the periodic jobs) are told
//! to stop: they finish what they hold, take nothing new, and give back what they had
//! claimed but not begun. All of it within one deadline.

use std::future::Future;
use std::time::Duration;

use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// How long a stop waits for requests in flight and background work [default: 30 s].
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The server's background tasks and the signal that tells them to stop.
#[derive(Debug, Clone, Default)]
pub struct Shutdown {
    token: CancellationToken,
    tasks: TaskTracker,
}

impl Shutdown {
    /// Runs `task` in the background; a stop waits for it.
    pub fn spawn<F>(&self, task: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        self.tasks.spawn(task);
    }

    /// Whether a stop has begun: take no new work.
    pub fn begun(&self) -> bool {
        self.token.is_cancelled()
    }

    /// Resolves when a stop begins.
    pub async fn requested(&self) {
        self.token.cancelled().await
    }

    /// Tells every task to stop.
    pub fn begin(&self) {
        self.token.cancel();
        self.tasks.close();
    }

    /// Waits for the tasks until `deadline`; `false` if some were still running then.
    pub async fn finished_by(&self, deadline: tokio::time::Instant) -> bool {
        tokio::time::timeout_at(deadline, self.tasks.wait())
            .await
            .is_ok()
    }

    /// Sleeps for `pause`, or less if a stop begins meanwhile.
    pub async fn pause(&self, pause: Duration) {
        tokio::select! {
            () = tokio::time::sleep(pause) => {}
            () = self.requested() => {}
        }
    }
}

/// Listens for SIGTERM (a service manager or orchestrator) and SIGINT (Ctrl-C) from now
/// on, so that a signal that comes during start-up still stops the server gracefully;
/// the future resolves on the first of them.
#[cfg(unix)]
pub fn signal() -> std::io::Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = terminate.recv() => tracing::info!("SIGTERM: stopping"),
            _ = interrupt.recv() => tracing::info!("SIGINT: stopping"),
        }
    })
}

/// Ctrl-C stops the server.
#[cfg(not(unix))]
pub fn signal() -> std::io::Result<impl Future<Output = ()>> {
    Ok(async {
        if tokio::signal::ctrl_c().await.is_ok() {
            tracing::info!("Ctrl-C: stopping");
        }
    })
}
