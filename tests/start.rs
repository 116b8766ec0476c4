//! Starting the program as people who install nothing do: `--version`, and no command at all (a
//! double-click on `bogbinder.exe`), which opens the editing desk in a project's folder and
//! explains in Danish how to start anywhere else.

mod common;

use common::Project;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn the_version_is_told_by_both_flags() {
    let p = Project::empty();
    for flag in ["--version", "-V"] {
        let run = p.run(&[flag]);
        run.assert_ok();
        assert_eq!(
            run.stdout(),
            format!("bogbinder {}\n", env!("CARGO_PKG_VERSION")),
            "{flag}"
        );
    }
}

#[test]
fn no_command_outside_a_project_explains_in_danish_how_to_start_and_writes_nothing() {
    let p = Project::empty();
    let run = p.run(&[]);
    assert_eq!(run.code(), Some(2), "nothing was done: {}", run.stderr());
    let out = run.stdout();
    for needle in [
        "Der er intet projekt i",
        "ingen bogbinder.toml",
        "dobbeltklik",
        "bogbinder init min-haandbog",
        "bogbinder new bog \"Emma\"",
        "bogbinder skriv",
        "LÆS-MIG.txt",
        env!("CARGO_PKG_VERSION"),
    ] {
        assert!(out.contains(needle), "missing {needle:?} in:\n{out}");
    }
    // The folder it ran in is named, so the user knows where it looked.
    let here = p.path().canonicalize().unwrap();
    assert!(out.contains(&here.display().to_string()), "{out}");
    assert!(!out.contains("Usage") && !out.contains("error"), "{out}");
    assert_eq!(std::fs::read_dir(p.path()).unwrap().count(), 0);
}

/// A stand-in for the browser opener (`xdg-open`) that writes down the address it was given.
#[cfg(unix)]
fn fake_browser(dir: &std::path::Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("xdg-open");
    let opened = dir.join("opened");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s' \"$1\" > '{}.tmp' && mv '{0}.tmp' '{0}'\n",
            opened.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    opened
}

#[cfg(unix)]
#[test]
fn no_command_in_a_project_folder_opens_the_desk_in_the_browser() {
    let p = Project::new();
    p.file(
        "content/metoder/netvaerk.md",
        "+++\ntitle = \"Netværk\"\n+++\nTekst.\n",
    );
    let bin = tempfile::tempdir().unwrap();
    let opened = fake_browser(bin.path());
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // Started in a folder inside the project: the project is found above it, as for commands.
    let mut child = Command::new(env!("CARGO_BIN_EXE_bogbinder"))
        .current_dir(p.path().join("content/metoder"))
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let _child = Kill(child);
    let mut told = String::new();
    let mut line = String::new();
    while !line.starts_with("Skrivebord: ") {
        line.clear();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "no desk address in:\n{told}"
        );
        told.push_str(&line);
    }
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    assert!(told.contains("skrivebordet åbnes i browseren"), "{told}");
    let root = p.path().canonicalize().unwrap();
    assert!(told.contains(&root.display().to_string()), "{told}");
    let url = line
        .trim()
        .strip_prefix("Skrivebord: ")
        .unwrap()
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");

    let start = Instant::now();
    while !opened.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the browser was never opened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(std::fs::read_to_string(&opened).unwrap(), url);

    // The opened address answers with the desk.
    let rest = url.strip_prefix("http://").unwrap();
    let (host, target) = rest.split_once('/').unwrap();
    let mut conn = std::net::TcpStream::connect(host).unwrap();
    write!(
        conn,
        "GET /{target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 200") || answer.starts_with("HTTP/1.1 30"),
        "{answer}"
    );
}
