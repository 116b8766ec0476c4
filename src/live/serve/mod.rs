//! `bogbinder serve`: the handbook kept in memory, rebuilt as files change, shown on a local web
//! server that reloads the browser tab.
//!
//! Nothing is written to the project: the output lives in memory (see [`crate::live::incremental`]),
//! so the user's `output/` is never touched by a preview. Books are previewed under `/__boeger/`
//! ([`books`]) on a second listener, always on 127.0.0.1 and on a port of its own, so no script
//! in a handbook page can read them; only their processed photos go to `.bogbinder-cache/`.
//!
//! The layers: [`wire`] (HTTP on hyper, connection limits), [`guard`] (Host, Origin and peer,
//! in front of every route), [`http`] (the routes), [`events`] (live-reload streams), [`live`]
//! (what each side is told), [`books`], [`watch`], [`browser`] (opening the desk).

mod books;
mod browser;
mod events;
mod guard;
mod http;
mod live;
mod watch;
mod wire;

pub use http::{is_local, site_path, BOOKS_PREFIX, LIVE_PREFIX};

use crate::error::{Diagnostics, Error, Result};
use crate::live::incremental::Incremental;
use crate::problems::ServeProblem;
use guard::Side;
use live::{Live, Scope};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

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
    /// Open the editing desk in the browser once the server runs.
    pub open_desk: bool,
    /// `--skriv-paa-netvaerk`: the private listener on `bind` too, so other machines reach the
    /// desk (with its token); the books still answer only this machine.
    pub desk_on_network: bool,
}

impl Options {
    /// Whether the desk is reachable from other machines.
    fn desk_remote(&self) -> bool {
        self.desk_on_network && !self.bind.is_loopback()
    }
}

/// Where each side is reached from this machine.
struct Urls {
    /// The handbook, e.g. `http://127.0.0.1:1111/`.
    handbook: String,
    /// The private listener's origin, e.g. `http://127.0.0.1:1112`.
    private_origin: String,
}

/// State shared by the web server and the rebuild loop.
pub struct Shared {
    engine: Arc<Mutex<Incremental>>,
    /// The handbook's problems from its last update; the books keep their own, so fixing one
    /// never clears the other's.
    handbook_problems: Mutex<Diagnostics>,
    books: books::Books,
    live: Live,
    urls: Urls,
    /// The editing desk (`/__skriv/` on the private listener).
    desk: crate::live::desk::Desk,
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

    /// The version a page of `side` is served with; its live script compares it with events.
    fn version(&self, side: Side) -> u64 {
        self.live.snapshot().version(side)
    }

    /// Tells every tab that the handbook changed (`None`: everything).
    fn publish_handbook(&self, changed: Option<Vec<String>>) {
        self.publish(Scope::Everything, changed);
    }

    /// Tells the private side's tabs that these book pages changed.
    fn publish_books(&self, changed: Vec<String>) {
        self.publish(Scope::Books, Some(changed));
    }

    fn publish(&self, scope: Scope, changed: Option<Vec<String>>) {
        self.live.publish(scope, changed.as_deref(), || {
            let handbook = self
                .handbook_problems
                .lock()
                .map(|d| d.clone())
                .unwrap_or_default();
            (handbook, self.books.problems())
        });
    }
}

/// Builds, serves and watches until the process is stopped.
pub fn serve(root: &Path, opts: Options) -> Result<()> {
    let start = Instant::now();
    // Watching starts first: a save during the first build is then rebuilt right after it.
    let watch = watch::Watch::start(root)?;
    let engine = Incremental::load(root)?;
    let first = engine.problems().clone();
    let pages = engine.site().handbook.pages.len();
    let (handbook, private) = bind(&opts)?;
    let urls = urls(&opts, &handbook, &private)?;
    say!("Forhåndsvisning: {}", urls.handbook);
    // With audience editions, the preview is the first one (see `handbook::editions::previewed`).
    let edition = &engine.site().handbook.left_out.edition;
    if !edition.is_empty() {
        say!("Viser udgaven \"{edition}\" (den første i bogbinder.toml)");
    }
    say!(
        "Bøger (kun på denne maskine): {}{BOOKS_PREFIX}",
        urls.private_origin
    );
    let engine = Arc::new(Mutex::new(engine));
    let desk = crate::live::desk::Desk::new(root, Arc::clone(&engine)).map_err(|e| {
        Error::usage(ServeProblem::NoAddress {
            error: crate::problems::io_words(&e),
        })
    })?;
    let desk_url = desk.url(&urls.private_origin);
    say!("Skrivebord: {desk_url}");
    let shared = Arc::new(Shared {
        engine,
        handbook_problems: Mutex::new(first.clone()),
        books: books::Books::new(root),
        live: Live::new(),
        urls,
        desk,
    });
    shared.publish_handbook(None);
    warn_if_open(&opts);
    if opts.open_desk {
        browser::open(&desk_url);
    }
    say!(
        "Byggede {pages} sider på {} ms. Holder øje med content/, themes/ og bogbinder.toml. Stop med Ctrl+C.",
        start.elapsed().as_millis()
    );
    report(&first);
    report_warnings();

    let s = Arc::clone(&shared);
    let listeners = vec![(Side::Handbook, handbook), (Side::Private, private)];
    let remote_desk = opts.desk_remote();
    std::thread::spawn(move || {
        if let Err(e) = wire::run(s, listeners, remote_desk) {
            esay!("Forhåndsvisningen stoppede: {e}");
        }
    });
    watch.run(|paths: Vec<PathBuf>, since: Instant| on_change(&shared, &paths, since))
}

/// Where each listener is reached from this machine.
fn urls(opts: &Options, handbook: &TcpListener, private: &TcpListener) -> Result<Urls> {
    let port = |l: &TcpListener| {
        l.local_addr().map(|a| a.port()).map_err(|e| {
            Error::usage(ServeProblem::NoAddress {
                error: crate::problems::io_words(&e),
            })
        })
    };
    let (handbook_port, private_port) = (port(handbook)?, port(private)?);
    // The address this machine's browser uses: the bound one, or 127.0.0.1 for "all".
    let host = match opts.bind {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    // The private listener is on 127.0.0.1, or with the desk on the network on `bind`.
    let private_host = if opts.desk_remote() {
        host.as_str()
    } else {
        "127.0.0.1"
    };
    Ok(Urls {
        handbook: format!("http://{host}:{handbook_port}/"),
        private_origin: format!("http://{private_host}:{private_port}"),
    })
}

/// Warns when the handbook's listener can be reached from other machines.
fn warn_if_open(opts: &Options) {
    if opts.desk_on_network && !opts.desk_remote() {
        esay!("--skriv-paa-netvaerk virker kun sammen med --bind og en adresse på netværket; skrivebordet svarer kun denne maskine.");
    }
    if opts.desk_remote() {
        esay!(
            "ADVARSEL: skrivebordet kan bruges fra andre maskiner på netværket (--skriv-paa-netvaerk). Den, der har adressen med nøglen, kan ændre og slette tekst i projektet."
        );
        esay!("ADVARSEL: brug det kun på et netværk, du stoler på, og stop serve, når I er færdige. Bøgerne vises stadig kun på denne maskine.");
    }
    if !opts.bind.is_loopback() {
        esay!(
            "ADVARSEL: forhåndsvisningen af håndbogen lytter på {} og kan ses af andre på netværket.",
            opts.bind
        );
        esay!("ADVARSEL: brug kun --bind, hvis du ved, hvem der kan nå din maskine; standard er 127.0.0.1.");
        esay!(
            "Bøgerne (/__boeger/) vises kun på denne maskine, på deres egen port; andre får at vide, at de er private."
        );
    }
}

/// Brings handbook and books up to date after files changed, tells the open tabs and prints
/// what happened.
fn on_change(shared: &Shared, paths: &[PathBuf], since: Instant) {
    let Ok(mut engine) = shared.engine.lock() else {
        return;
    };
    let update = engine.update(paths);
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
        shared.publish_handbook(update.changed.clone());
    }
    match &update.changed {
        _ if !update.problems.is_empty() => {}
        None => say!("Byggede alt igen ({handbook_ms} ms)."),
        Some(c) if c.is_empty() => {}
        Some(c) => say!("Opdaterede {} filer ({handbook_ms} ms).", c.len()),
    }
    report(&update.problems);

    let books = shared.books.update(paths);
    if !books.changed.is_empty() || !books.rebuilt.is_empty() || !books.failed.is_empty() {
        shared.publish_books(books.changed);
    }
    let ms = since.elapsed().as_millis();
    for name in &books.rebuilt {
        say!("Byggede bogen {name} igen ({ms} ms).");
    }
    for (name, problems) in &books.failed {
        esay!("Bogen {name} kan ikke bygges:");
        report(problems);
    }
    report_warnings();
}

/// What was read though written wrong, told after each rebuild.
fn report_warnings() {
    let warnings = crate::error::take_warnings();
    if !warnings.is_empty() {
        esay!("{}", warnings.to_string().trim_end());
    }
}

fn report(problems: &Diagnostics) {
    if !problems.is_empty() {
        esay!("{problems}");
        esay!("Den sidste udgave, der virkede, vises stadig. Ret fejlen og gem filen.");
    }
}

/// Binds the handbook's listener (`--port`, or [`DEFAULT_PORT`] or a free one) and the private
/// one on 127.0.0.1: the next port if that is free (easy to remember), else any free one.
fn bind(opts: &Options) -> Result<(TcpListener, TcpListener)> {
    let try_port = |ip: IpAddr, port: u16| TcpListener::bind(SocketAddr::new(ip, port));
    let handbook = match opts.port {
        Some(p) => try_port(opts.bind, p),
        None => try_port(opts.bind, DEFAULT_PORT).or_else(|_| try_port(opts.bind, 0)),
    }
    .map_err(|e| {
        Error::usage(ServeProblem::CannotListen {
            bind: opts.bind.to_string(),
            error: crate::problems::io_words(&e),
        })
    })?;
    let loopback = if opts.desk_remote() {
        opts.bind
    } else {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    };
    let next = match (opts.port, handbook.local_addr()) {
        (Some(0), _) | (_, Err(_)) => None,
        (_, Ok(a)) => a.port().checked_add(1),
    };
    let private = next
        .and_then(|p| try_port(loopback, p).ok())
        .map_or_else(|| try_port(loopback, 0), Ok)
        .map_err(|e| {
            Error::usage(ServeProblem::CannotListenBooks {
                error: crate::problems::io_words(&e),
            })
        })?;
    Ok((handbook, private))
}
