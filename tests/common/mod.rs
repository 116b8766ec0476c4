//! Fixture projects for end-to-end tests, in the spirit of mdBook's `BookTest`: write a small
//! project into a temporary folder, run the real `bogbinder` binary on it, and look at what it wrote.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const MINIMAL_CONFIG: &str = "title = \"Testhåndbog\"\nkommune = \"Testkommune\"\n";

pub struct Project {
    pub dir: tempfile::TempDir,
}

/// The result of one run of the binary.
pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn ok(&self) -> bool {
        self.output.status.success()
    }
    pub fn code(&self) -> Option<i32> {
        self.output.status.code()
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    #[track_caller]
    pub fn assert_ok(&self) -> &Self {
        assert!(
            self.ok(),
            "bogbinder failed:\nstdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
    /// The problem codes in stderr, in order (see [`codes`]).
    pub fn codes(&self) -> Vec<String> {
        codes(&self.stderr())
    }
    /// Fails unless the run failed and reported every one of `expected` codes.
    #[track_caller]
    pub fn assert_codes(&self, expected: &[&str]) -> &Self {
        assert!(
            !self.ok(),
            "bogbinder should have failed:\n{}",
            self.stdout()
        );
        let found = self.codes();
        for code in expected {
            assert!(
                found.iter().any(|c| c == code),
                "stderr lacks {code} (found {found:?}):\n{}",
                self.stderr()
            );
        }
        self
    }
    #[track_caller]
    pub fn assert_fails_with(&self, needles: &[&str]) -> &Self {
        assert!(
            !self.ok(),
            "bogbinder should have failed:\n{}",
            self.stdout()
        );
        let err = self.stderr();
        assert!(
            !err.contains("panicked"),
            "panic instead of an error:\n{err}"
        );
        for n in needles {
            assert!(err.contains(n), "stderr lacks {n:?}:\n{err}");
        }
        self
    }
}

/// The problem codes in a report, in order: `fejl[C002]: …` and `advarsel[F001]: …` give
/// `C002` and `F001` (and `error[…]`, `warning[…]` with `BOGBINDER_SPROG=en`).
pub fn codes(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| {
            let rest = ["fejl[", "advarsel[", "error[", "warning["]
                .iter()
                .find_map(|word| l.strip_prefix(word))?;
            let (code, after) = rest.split_once(']')?;
            let well_formed = code.len() == 4
                && code.starts_with(|c: char| c.is_ascii_uppercase())
                && code[1..].bytes().all(|b| b.is_ascii_digit());
            (well_formed && after.starts_with(':')).then(|| code.to_string())
        })
        .collect()
}

impl Project {
    /// An empty project with a minimal `bogbinder.toml` and a front page.
    pub fn new() -> Project {
        let p = Project::empty();
        p.file("bogbinder.toml", MINIMAL_CONFIG);
        p.file(
            "content/_index.md",
            "+++\ntitle = \"Forside\"\n+++\nVelkommen.\n",
        );
        p
    }

    /// A folder with nothing in it.
    pub fn empty() -> Project {
        Project {
            dir: tempfile::Builder::new()
                .prefix("bogbinder-test")
                .tempdir()
                .expect("tempdir"),
        }
    }

    /// A copy of a folder (for example the repository's demo `content/`).
    pub fn copy_of(src: &Path) -> Project {
        let p = Project::empty();
        copy_dir(src, p.path());
        p
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a text file (creating folders).
    pub fn file(&self, rel: &str, text: &str) -> &Self {
        self.bytes(rel, text.as_bytes())
    }

    pub fn bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    /// Runs `bogbinder <args>` in the project folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    /// Runs `bogbinder <args>` in the project folder with these environment variables.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_bogbinder"))
            .args(args)
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .envs(env.iter().copied())
            .output()
            .expect("run bogbinder");
        Run { output }
    }

    /// Section `s/` of `pages` pages, each weighted by its number (`p000` first): a section
    /// large enough to have its sidebar in groups.
    pub fn large_section(&self, pages: usize) -> &Self {
        self.file(
            "content/s/_index.md",
            "+++\ntitle = \"Stor sektion\"\n+++\nMange sider.\n",
        );
        for n in 0..pages {
            self.file(
                &format!("content/s/p{n:03}.md"),
                &format!(
                    "+++\ntitle = \"Side {n:03}\"\nweight = {}\n+++\nTekst {n}.\n",
                    n + 1
                ),
            );
        }
        self
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// Reads a file the build wrote, relative to the project (e.g. `output/index.html`).
    #[track_caller]
    pub fn read(&self, rel: &str) -> String {
        let path = self.path().join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path().join(rel).exists()
    }

    /// Every file under a folder of the project, with its path relative to the project.
    pub fn files_under(&self, rel: &str) -> Vec<PathBuf> {
        walkdir::WalkDir::new(self.path().join(rel))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(self.path()).unwrap().to_path_buf())
            .collect()
    }

    /// A snapshot of every file under `rel` (path and bytes), to prove a failed build changed nothing.
    pub fn snapshot(&self, rel: &str) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = self
            .files_under(rel)
            .into_iter()
            .map(|p| {
                let bytes = std::fs::read(self.path().join(&p)).unwrap();
                (p, bytes)
            })
            .collect();
        files.sort();
        files
    }
}

pub fn copy_dir(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(src).unwrap();
        let target = dst.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The repository's own demo project (config, content, themes), copied so tests never write into it.
pub fn demo_project() -> Project {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let p = Project::empty();
    std::fs::copy(repo.join("bogbinder.toml"), p.path().join("bogbinder.toml")).unwrap();
    copy_dir(&repo.join("content"), &p.path().join("content"));
    if repo.join("themes").is_dir() {
        copy_dir(&repo.join("themes"), &p.path().join("themes"));
    }
    p
}

/// Every value of `attr="..."` in an HTML text (enough for the HTML bogbinder writes).
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}

/// Checks every relative `href`/`src` in every HTML file under `dir`: the target file exists and,
/// for `#anchor` links, has an element with that id. Returns the problems found.
pub fn broken_links(dir: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(path).unwrap();
        for attr in ["href", "src"] {
            for v in attr_values(&html, attr) {
                if v.starts_with("http://")
                    || v.starts_with("https://")
                    || v.starts_with("mailto:")
                    || v.starts_with("tel:")
                    || v.starts_with("data:")
                {
                    continue;
                }
                // The 404 page is served by a web server at any depth, so with a known base URL
                // its links are absolute on purpose.
                if v.starts_with('/') && path.file_name().is_some_and(|n| n == "404.html") {
                    continue;
                }
                if v.starts_with('/') {
                    problems.push(format!("{}: absolute link {v}", path.display()));
                    continue;
                }
                let (file_part, anchor) = match v.split_once('#') {
                    Some((f, a)) => (f, Some(a)),
                    None => (v.as_str(), None),
                };
                let target = if file_part.is_empty() {
                    path.to_path_buf()
                } else {
                    path.parent()
                        .unwrap()
                        .join(bogbinder::text::dialect::decode_link_path(file_part))
                };
                if !target.is_file() {
                    problems.push(format!(
                        "{}: {attr}={v} points at a missing file",
                        path.display()
                    ));
                    continue;
                }
                if let Some(a) = anchor.filter(|a| !a.is_empty()) {
                    let t = std::fs::read_to_string(&target).unwrap_or_default();
                    if !t.contains(&format!("id=\"{a}\"")) {
                        problems.push(format!(
                            "{}: {v} has no element with id {a}",
                            path.display()
                        ));
                    }
                }
            }
        }
    }
    problems
}

/// The text of a PDF, as poppler's pdftotext reads it.
pub fn pdf_text(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A small JPEG that decodes (40 × 30, a colour gradient), as a phone's photo would be without
/// its metadata.
pub fn small_jpeg() -> Vec<u8> {
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(40, 30, |x, y| {
        image::Rgb([(x * 6) as u8, (y * 8) as u8, 90])
    }))
    .write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::Jpeg,
    )
    .unwrap();
    bytes
}

/// Runs the test `name` again inside a network namespace of its own (`unshare --net`), where
/// 192.0.2.77 is an address on the loopback device. Returns true inside, where the caller
/// runs the test's body; outside it checks that the inner run passed and returns false. Where
/// namespaces cannot be made (no `unshare`, or not allowed), says so and skips.
pub fn in_own_network(name: &str) -> bool {
    if std::env::var_os("BOGBINDER_TEST_NETNS").is_some() {
        for args in [
            &["link", "set", "lo", "up"][..],
            &["addr", "add", "192.0.2.77/32", "dev", "lo"][..],
        ] {
            let ok = Command::new("ip").args(args).status();
            assert!(ok.is_ok_and(|s| s.success()), "ip {args:?} failed");
        }
        return true;
    }
    let exe = std::env::current_exe().unwrap();
    let out = Command::new("unshare")
        .args(["--net", "--map-root-user"])
        .arg(exe)
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env("BOGBINDER_TEST_NETNS", "1")
        .output();
    let out = match out {
        Ok(out) => out,
        Err(e) => {
            eprintln!("SKIPPED {name}: unshare cannot run ({e})");
            return false;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !stdout.contains("running 1 test") {
        eprintln!("SKIPPED {name}: no network namespace could be made: {stderr}");
        return false;
    }
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{name} failed inside its own network:\n{stdout}\n{stderr}"
    );
    false
}

/// A header's value in a response head, the name matched without regard to case.
pub fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// Percent-encodes a query value.
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The demo's beach photo: a phone's JPEG with a GPS position and orientation 6 in its EXIF.
pub fn photo_with_gps() -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content/boeger/laerke/billeder/stranden.jpg"),
    )
    .unwrap()
}

/// Each needle is in `hay`, after the one before it.
#[track_caller]
pub fn assert_in_order(hay: &str, needles: &[&str]) {
    let mut from = 0;
    for n in needles {
        match hay[from..].find(n) {
            Some(i) => from += i + n.len(),
            None => panic!("{n:?} missing or out of order in:\n{hay}"),
        }
    }
}
