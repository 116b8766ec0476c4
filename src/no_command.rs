//! `bogbinder` started without a command: what a double-click on `bogbinder.exe` does (part of the
//! binary, not the library). In a project's folder it starts the editing desk, as `bogbinder skriv`;
//! anywhere else it explains in Danish how to start. On Windows, a window opened only for this run
//! waits for Enter before it closes, so the explanation (or a problem) can be read.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs what no command means here and returns the exit code.
pub fn run() -> ExitCode {
    let here = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let code = match bogbinder::find_root(&here) {
        Some(root) => start_desk(&root),
        None => {
            print!("{}", explanation(&here.display().to_string()));
            // Nothing was done: a script that ran `bogbinder` alone learns it from the code.
            ExitCode::from(2)
        }
    };
    if own_window() {
        wait_for_enter();
    }
    code
}

/// `bogbinder skriv` in the project at `root`, told first.
fn start_desk(root: &Path) -> ExitCode {
    println!(
        "bogbinder er startet uden en kommando i projektet {}, så skrivebordet åbnes i browseren (som med `bogbinder skriv`).",
        root.display()
    );
    println!(
        "Lad dette vindue være åbent, mens du skriver. Luk det (eller tryk Ctrl+C), når du er færdig."
    );
    println!();
    let opts = bogbinder::ServeOptions {
        bind: std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        port: None,
        open_desk: true,
        desk_on_network: false,
    };
    crate::finish(bogbinder::serve(root, opts))
}

/// How to start, for someone who found no project where bogbinder ran (`here`).
pub fn explanation(here: &str) -> String {
    let program = if cfg!(windows) {
        "bogbinder.exe"
    } else {
        "bogbinder"
    };
    let terminal = if cfg!(windows) {
        "en kommandoprompt (skriv cmd i adresselinjen i Stifinder, når mappen er åben)"
    } else {
        "en terminal i mappen"
    };
    format!(
        "bogbinder {version} laver en metodehåndbog (en hjemmeside) og barnets bøger (til udskrift) ud fra tekstfiler.

Der er intet projekt i {here} (ingen bogbinder.toml her eller i mapperne over), så der er intet at åbne.

Sådan kommer du i gang:
  • Har du et projekt (en mappe med bogbinder.toml, fx på et fællesdrev): læg {program} i den mappe,
    og dobbeltklik på den der. Så åbnes skrivebordet i browseren, hvor du skriver sider og bøger.
  • Vil du prøve først: mappen demo, der fulgte med programmet, er et færdigt eksempel. Kopiér
    {program} ind i den, og dobbeltklik på kopien.
  • Ellers: åbn {terminal}, og skriv en af kommandoerne:
      bogbinder init min-haandbog      Lav en ny håndbog i mappen min-haandbog
      bogbinder new bog \"Emma\"         Lav en barnets bog (også uden en håndbog)
      bogbinder skriv                  Åbn skrivebordet for projektet i mappen
      bogbinder --help                 Se alle kommandoer

Læs LÆS-MIG.txt, der fulgte med programmet, for mere.
",
        version = env!("CARGO_PKG_VERSION"),
    )
}

/// Whether this process is alone in its console window: on Windows, a window Explorer opened
/// for a double-click, which closes (with the explanation) the moment the program ends.
#[cfg(windows)]
fn own_window() -> bool {
    #[link(name = "kernel32")]
    extern "system" {
        fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
    }
    let mut ids = [0u32; 2];
    // SAFETY: the buffer holds `ids.len()` entries, the count passed; the call writes no more.
    let n = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
    n == 1 && std::io::IsTerminal::is_terminal(&std::io::stdin())
}

/// Elsewhere a program started without a terminal has no window to keep open.
#[cfg(not(windows))]
fn own_window() -> bool {
    false
}

fn wait_for_enter() {
    println!();
    println!("Tryk Enter for at lukke vinduet.");
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}
