//! A real SMTP server on loopback for the mail tests: it speaks enough of RFC 5321 for a
//! client (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and keeps what it receives.
//!
//! By default it acknowledges every TCP segment at once (`TCP_QUICKACK`), as a relay
//! across a network does when a message spans several segments. Without it, Linux delays
//! the ACK of lettre's last small write (the terminating dot) by up to 40 ms on loopback,
//! which caps each connection near 25 messages a second; [`SmtpSink::start_plain`] keeps
//! that behaviour for the benchmark to show it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

pub struct SmtpSink {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A loopback port nobody listens on (for "the relay is down").
pub async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        SmtpSink::start_on(0).await
    }

    pub async fn start_on(port: u16) -> SmtpSink {
        SmtpSink::listen(port, true, Duration::ZERO).await
    }

    /// A relay that takes `delay` to accept each message, so a batch is still in flight
    /// when the test acts.
    #[allow(
        dead_code,
        reason = "for the integration tests, not benches/reminders.rs, which includes this file"
    )]
    pub async fn start_slow(delay: Duration) -> SmtpSink {
        SmtpSink::listen(0, true, delay).await
    }

    /// Without `TCP_QUICKACK`: the kernel's delayed acknowledgements.
    #[allow(
        dead_code,
        reason = "for benches/reminders.rs, which includes this file"
    )]
    pub async fn start_plain() -> SmtpSink {
        SmtpSink::listen(0, false, Duration::ZERO).await
    }

    async fn listen(port: u16, quickack: bool, delay: Duration) -> SmtpSink {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let store = received.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let store = store.clone();
                tokio::spawn(async move {
                    let _ = session(socket, store, quickack, delay).await;
                });
            }
        });
        SmtpSink {
            port,
            received,
            task,
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn messages(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// How many messages arrived, without copying them.
    #[allow(
        dead_code,
        reason = "for benches/reminders.rs, which includes this file"
    )]
    pub fn count(&self) -> usize {
        self.received.lock().unwrap().len()
    }
}

async fn session(
    socket: tokio::net::TcpStream,
    store: Arc<Mutex<Vec<Received>>>,
    quickack: bool,
    delay: Duration,
) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink ESMTP\r\n").await?;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if tokio::time::timeout(Duration::from_secs(30), lines.read_line(&mut line)).await?? == 0 {
            return Ok(());
        }
        if quickack {
            // Linux clears the flag as it goes: set it again after every read.
            socket2::SockRef::from(lines.get_ref().as_ref()).set_tcp_quickack(true)?;
        }
        let command = line.trim_end().to_owned();
        let upper = command.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        } else if upper.starts_with("HELO") || upper.starts_with("NOOP") {
            b"250 OK\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            from = command[10..].trim().to_owned();
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            to.push(command[8..].trim().to_owned());
            b"250 OK\r\n"
        } else if upper.starts_with("RSET") {
            from.clear();
            to.clear();
            b"250 OK\r\n"
        } else if upper == "DATA" {
            write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if quickack {
                    socket2::SockRef::from(lines.get_ref().as_ref()).set_tcp_quickack(true)?;
                }
                if line == ".\r\n" {
                    break;
                }
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            tokio::time::sleep(delay).await;
            store.lock().unwrap().push(Received {
                from: std::mem::take(&mut from),
                to: std::mem::take(&mut to),
                data,
            });
            b"250 OK queued\r\n"
        } else if upper == "QUIT" {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            b"502 not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
}
