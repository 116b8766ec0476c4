//! `bogbinder serve`: the handbook kept in memory, rebuilt as files change, shown on a local web
//! server that reloads the browser tab.
//!
//! Nothing is written to the project: the output lives in memory (see [`crate::incremental`]),
//! so the user's `output/` is never touched by a preview. Books are previewed under `/__boeger/`
//! ([`books`]), apart from the handbook; only their processed photos go to `.bogbinder-cache/`.

mod books;
mod http;
mod watch;
mod wire;

pub use http::{is_local, site_path, BOOKS_PREFIX, LIVE_PREFIX};

use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::incremental::Incremental;
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
    /// For this machine: the handbook's and the books' problems and changes.
    local: String,
    /// For other machines (`--bind`): nothing about books, not even their names.
    public: String,
}

/// State shared by the web server's threads and the rebuild loop.
pub struct Shared {
    engine: Mutex<Incremental>,
    /// The handbook's problems from its last update; the books keep their own, so fixing one
    /// never clears the other's.
    handbook_problems: Mutex<Diagnostics>,
    books: books::Books,
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

    fn status_json(&self, local: bool) -> String {
        self.live
            .lock()
            .map(|l| l.pick(local).to_string())
            .unwrap_or_default()
    }

    /// Waits until the version differs from `seen` (or the timeout passes); returns the state.
    fn wait_for_update(&self, seen: Option<u64>, timeout: Duration, local: bool) -> (u64, String) {
        let Ok(guard) = self.live.lock() else {
            return (0, String::new());
        };
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |l| Some(l.version) == seen)
            .unwrap_or_else(|e| e.into_inner());
        (guard.version, guard.pick(local).to_string())
    }

    /// Tells the browsers what changed (`None`: everything) and every problem there is now.
    fn publish(&self, changed: Option<Vec<String>>) {
        if let Ok(mut l) = self.live.lock() {
            // Read under the lock, so a later version never carries older problems.
            let handbook = self
                .handbook_problems
                .lock()
                .map(|d| d.clone())
                .unwrap_or_default();
            let books = self.books.problems();
            l.version += 1;
            l.local = live_json(l.version, changed.as_deref(), &handbook, &books, true);
            l.public = live_json(l.version, changed.as_deref(), &handbook, &[], false);
        }
        self.changed.notify_all();
    }
}

impl Live {
    fn pick(&self, local: bool) -> &str {
        if local {
            &self.local
        } else {
            &self.public
        }
    }
}

/// The state sent to the live script. Each problem names its book (`null`: the handbook), so a
/// page shows and waits only for its own problems.
fn live_json(
    version: u64,
    changed: Option<&[String]>,
    handbook: &Diagnostics,
    books: &[(String, Diagnostic)],
    local: bool,
) -> String {
    let books_dir = Path::new(crate::content::CONTENT_DIR).join(crate::content::BOOKS_DIR);
    let problem = |book: Option<&str>, d: &Diagnostic| {
        serde_json::json!({
            "book": book,
            "location": d.location(),
            "file": d.file,
            "line": d.line,
            "column": d.column,
            "message": d.message,
            "hint": d.hint,
        })
    };
    let problems: Vec<serde_json::Value> = handbook
        .0
        .iter()
        // A problem in a child's book names the child's folder: never told to other machines.
        .filter(|d| local || !d.file.starts_with(&books_dir))
        .map(|d| problem(None, d))
        .chain(books.iter().map(|(name, d)| problem(Some(name), d)))
        .collect();
    let changed: Option<Vec<&String>> = changed.map(|c| {
        c.iter()
            .filter(|k| local || !k.starts_with("__boeger/"))
            .collect()
    });
    serde_json::json!({ "version": version, "changed": changed, "problems": problems }).to_string()
}

/// Builds, serves and watches until the process is stopped.
pub fn serve(root: &Path, opts: Options) -> Result<()> {
    let start = Instant::now();
    // Watching starts first: a save during the first build is then rebuilt right after it.
    let watch = watch::Watch::start(root)?;
    let engine = Incremental::load(root)?;
    let first = engine.problems().clone();
    let pages = engine.site().handbook.pages.len();
    let server = bind(&opts)?;
    let addr = server
        .local_addr()
        .map_err(|e| Error::usage(format!("serveren fik ingen adresse: {e}")))?;
    let shared = Arc::new(Shared {
        engine: Mutex::new(engine),
        handbook_problems: Mutex::new(first.clone()),
        books: books::Books::new(root),
        live: Mutex::new(Live {
            version: 0,
            local: String::new(),
            public: String::new(),
        }),
        changed: Condvar::new(),
    });
    shared.publish(None);

    if !opts.bind.is_loopback() {
        esay!(
            "ADVARSEL: forhåndsvisningen lytter på {} og kan ses af andre på netværket.",
            opts.bind
        );
        esay!("ADVARSEL: brug kun --bind, hvis du ved, hvem der kan nå din maskine; standard er 127.0.0.1.");
        esay!(
            "Bøgerne (/__boeger/) vises kun på denne maskine; andre får at vide, at de er private."
        );
    }
    let host = match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    say!("Forhåndsvisning: http://{host}:{}/", addr.port());
    say!(
        "Bøger (kun på denne maskine): http://{host}:{}{BOOKS_PREFIX}",
        addr.port()
    );
    say!(
        "Byggede {pages} sider på {} ms. Holder øje med content/, themes/ og bogbinder.toml. Stop med Ctrl+C.",
        start.elapsed().as_millis()
    );
    report(&first);

    let s = Arc::clone(&shared);
    std::thread::spawn(move || server.run(move |req| http::handle(&s, req)));
    watch.run(|paths: Vec<PathBuf>, since: Instant| {
        let Ok(mut engine) = shared.engine.lock() else {
            return;
        };
        let update = engine.update(&paths);
        drop(engine);
        let handbook_ms = since.elapsed().as_millis();
        let same_problems = shared
            .handbook_problems
            .lock()
            .map(|mut p| std::mem::replace(&mut *p, update.problems.clone()).0 == update.problems.0)
            .unwrap_or(false);
        // The handbook first: its page is what the user most often waits for. A change only to a
        // book leaves the handbook as it was, and then it is not announced.
        if !(same_problems && update.changed.as_ref().is_some_and(|c| c.is_empty())) {
            shared.publish(update.changed.clone());
        }
        match &update.changed {
            _ if !update.problems.is_empty() => {}
            None => say!("Byggede alt igen ({handbook_ms} ms)."),
            Some(c) if c.is_empty() => {}
            Some(c) => say!("Opdaterede {} filer ({handbook_ms} ms).", c.len()),
        }
        report(&update.problems);

        let books = shared.books.update(&paths);
        if !books.changed.is_empty() || !books.rebuilt.is_empty() || !books.failed.is_empty() {
            shared.publish(Some(books.changed));
        }
        let ms = since.elapsed().as_millis();
        for name in &books.rebuilt {
            say!("Byggede bogen {name} igen ({ms} ms).");
        }
        for (name, problems) in &books.failed {
            esay!("Bogen {name} kan ikke bygges:");
            report(problems);
        }
    })
}

fn report(problems: &Diagnostics) {
    if !problems.is_empty() {
        esay!("{problems}");
        esay!("Den sidste udgave, der virkede, vises stadig. Ret fejlen og gem filen.");
    }
}

fn bind(opts: &Options) -> Result<wire::Server> {
    let try_port = |port: u16| wire::Server::bind(SocketAddr::new(opts.bind, port));
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
