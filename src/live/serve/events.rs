//! `/__bogbinder/events`: server-sent events, the current state at once and one `update` per
//! change of the tab's view, with a comment line every few seconds so a closed tab is noticed.
//!
//! Streams have a cap of their own, apart from the connection limit, so a flood of event
//! streams (or a hundred forgotten tabs) never takes the slots page loads need. Other machines
//! have a smaller cap of their own, so they cannot take this machine's streams either. Past the
//! cap a tab is told to try again later (`retry:`), which `EventSource` does by itself.

use super::guard::Side;
use super::live::Snapshot;
use hyper::body::Bytes;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::{mpsc, watch, OwnedSemaphorePermit, Semaphore};

/// Open streams per listener from this machine (each open tab holds one).
pub const MAX_LOCAL_STREAMS: usize = 64;
/// Open streams from other machines (`--bind`), apart from this machine's.
pub const MAX_REMOTE_STREAMS: usize = 32;
/// A comment line this often: writing to a closed tab's connection fails and frees its slot.
const PING: Duration = Duration::from_secs(10);
/// What a tab past the cap is told: wait this long (ms), then connect again.
const RETRY_MS: u32 = 10_000;

/// The slots of one listener.
pub struct Caps {
    local: Arc<Semaphore>,
    remote: Arc<Semaphore>,
}

impl Caps {
    pub fn new() -> Caps {
        Caps {
            local: Arc::new(Semaphore::new(MAX_LOCAL_STREAMS)),
            remote: Arc::new(Semaphore::new(MAX_REMOTE_STREAMS)),
        }
    }
}

/// An open stream: what the feeding task sends, until the client goes (the body is dropped,
/// the slot with it).
pub struct Stream {
    rx: mpsc::Receiver<Bytes>,
    _slot: OwnedSemaphorePermit,
}

impl Stream {
    pub fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Bytes>> {
        self.rx.poll_recv(cx)
    }
}

/// Opens a stream for a tab on `side`, or `Err` with the body that tells it to come back later.
pub fn open(
    caps: &Caps,
    updates: watch::Receiver<Arc<Snapshot>>,
    side: Side,
    local: bool,
) -> Result<Stream, Bytes> {
    let cap = if local { &caps.local } else { &caps.remote };
    let Ok(slot) = Arc::clone(cap).try_acquire_owned() else {
        return Err(Bytes::from(format!("retry: {RETRY_MS}\n\n")));
    };
    let (tx, rx) = mpsc::channel(4);
    tokio::spawn(feed(updates, side, local, tx));
    Ok(Stream { rx, _slot: slot })
}

/// Sends the tab's view now and after each change of it, and a ping when nothing happens.
async fn feed(
    mut updates: watch::Receiver<Arc<Snapshot>>,
    side: Side,
    local: bool,
    tx: mpsc::Sender<Bytes>,
) {
    let mut seen = None;
    loop {
        let message = {
            let snapshot = updates.borrow_and_update();
            let (version, json) = snapshot.view(side, local);
            (seen != Some(version)).then(|| {
                seen = Some(version);
                Bytes::from(format!("event: update\ndata: {json}\n\n"))
            })
        };
        if let Some(m) = message {
            if tx.send(m).await.is_err() {
                return;
            }
        }
        match tokio::time::timeout(PING, updates.changed()).await {
            Ok(Ok(())) => {}
            // The server is stopping.
            Ok(Err(_)) => return,
            Err(_) => {
                if tx.send(Bytes::from_static(b": ping\n\n")).await.is_err() {
                    return;
                }
            }
        }
    }
}
