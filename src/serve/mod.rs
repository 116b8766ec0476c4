//! `bogbinder serve`: the handbook kept in memory, rebuilt as files change, shown on a local web
//! server that reloads the browser tab.
//!
//! Nothing is written to the project: the output lives in memory (see [`crate::incremental`]),
//! so the user's `output/` is never touched by a preview.

mod http;
mod watch;

pub use http::{site_path, BOOKS_PREFIX, LIVE_PREFIX};

use crate::error::{Diagnostics, Error, Result};
use crate::incremental::{Incremental, Update};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Prints a line, ignoring a closed terminal or pipe: the preview must not stop over it.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}
macro_rules! esay {
    ($($t:tt)*) => {{
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}

/// The port tried first when none is given; any free port is taken if it is busy.
pub const DEFAULT_PORT: u16 = 1111;

pub struct Options {
    pub bind: IpAddr,
    /// `None`: [`DEFAULT_PORT`] or any free one. `Some(0)`: any free one.
    pub port: Option<u16>,
}

/// What the browser is told after each rebuild.
struct Live {
    version: u64,
    json: String,
}

/// State shared by the web server's threads and the rebuild loop.
pub struct Shared {
    engine: Mutex<Incremental>,
    live: Mutex<Live>,
    changed: Condvar,
}

impl Shared {
    fn file(&self, key: &str) -> Option<Arc<[u8]>> {
        self.engine.lock().ok()?.file(key)
    }

    fn has_good_output(&self) -> bool {
        self.engine
            .lock()
            .is_ok_and(|mut e| e.file("index.html").is_some())
    }

    fn version(&self) -> u64 {
        self.live.lock().map(|l| l.version).unwrap_or(0)
    }

    fn status_json(&self) -> String {
        self.live.lock().map(|l| l.json.clone()).unwrap_or_default()
    }

    /// Waits until the version differs from `seen` (or the timeout passes); returns the state.
    fn wait_for_update(&self, seen: Option<u64>, timeout: Duration) -> (u64, String) {
        let Ok(guard) = self.live.lock() else {
            return (0, String::new());
        };
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |l| Some(l.version) == seen)
            .unwrap_or_else(|e| e.into_inner());
        (guard.version, guard.json.clone())
    }

    fn publish(&self, update: &Update) {
        if let Ok(mut l) = self.live.lock() {
            l.version += 1;
            l.json = live_json(l.version, update);
        }
        self.changed.notify_all();
    }
}

fn live_json(version: u64, u: &Update) -> String {
    let problems: Vec<serde_json::Value> = u
        .problems
        .0
        .iter()
        .map(|d| {
            serde_json::json!({
                "location": d.location(),
                "file": d.file,
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    serde_json::json!({ "version": version, "changed": u.changed, "problems": problems })
        .to_string()
}

/// Builds, serves and watches until the process is stopped.
pub fn serve(root: &Path, opts: Options) -> Result<()> {
    let start = Instant::now();
    let engine = Incremental::load(root)?;
    let first = Update {
        changed: None,
        problems: engine.problems().clone(),
    };
    let pages = engine.site().handbook.pages.len();
    let server = bind(&opts)?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| Error::usage("serveren fik ingen adresse"))?;
    let shared = Arc::new(Shared {
        engine: Mutex::new(engine),
        live: Mutex::new(Live {
            version: 0,
            json: String::new(),
        }),
        changed: Condvar::new(),
    });
    shared.publish(&first);

    if !opts.bind.is_loopback() {
        esay!(
            "ADVARSEL: forhåndsvisningen lytter på {} og kan ses af andre på netværket.",
            opts.bind
        );
        esay!("ADVARSEL: brug kun --bind, hvis du ved, hvem der kan nå din maskine; standard er 127.0.0.1.");
    }
    let host = match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    say!("Forhåndsvisning: http://{host}:{}/", addr.port());
    say!(
        "Byggede {pages} sider på {} ms. Holder øje med content/, themes/ og bogbinder.toml. Stop med Ctrl+C.",
        start.elapsed().as_millis()
    );
    report(&first.problems);

    let s = Arc::clone(&shared);
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            let s = Arc::clone(&s);
            std::thread::spawn(move || http::handle(&s, req));
        }
    });
    watch::run(root, |paths: Vec<PathBuf>, since: Instant| {
        let Ok(mut engine) = shared.engine.lock() else {
            return;
        };
        let update = engine.update(&paths);
        drop(engine);
        shared.publish(&update);
        let ms = since.elapsed().as_millis();
        match &update.changed {
            _ if !update.problems.is_empty() => {}
            None => say!("Byggede alt igen ({ms} ms)."),
            Some(c) if c.is_empty() => {}
            Some(c) => say!("Opdaterede {} filer ({ms} ms).", c.len()),
        }
        report(&update.problems);
    })
}

fn report(problems: &Diagnostics) {
    if !problems.is_empty() {
        esay!("{problems}");
        esay!("Den sidste udgave, der virkede, vises stadig. Ret fejlen og gem filen.");
    }
}

fn bind(opts: &Options) -> Result<tiny_http::Server> {
    let try_port = |port: u16| tiny_http::Server::http(SocketAddr::new(opts.bind, port));
    let result = match opts.port {
        Some(p) => try_port(p),
        None => try_port(DEFAULT_PORT).or_else(|_| try_port(0)),
    };
    result.map_err(|e| {
        Error::usage_hint(
            format!("kan ikke lytte på {}: {e}", opts.bind),
            "vælg en anden port med --port, eller luk det program, der bruger porten",
        )
    })
}
