//! The output is replaced in one step: a build killed at any moment leaves `output/` as a complete
//! edition (the old or the new one, never none and never half), and the next build removes the
//! staging folders killed builds left behind.

mod common;
use common::*;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// A handbook of a few hundred pages, so a build takes long enough to be killed in every phase.
fn mid_sized() -> Project {
    let p = Project::new();
    let para =
        "Barnet inddrages i samtalen, og samtalen skrives ned med barnets egne ord. ".repeat(12);
    for i in 0..300 {
        p.file(
            &format!("content/metoder/metode-{i:03}.md"),
            &format!(
                "+++\ntitle = \"Metode {i}\"\n+++\n## Formål\n\n{para}\n\n## Sådan gør vi\n\n{para}\n"
            ),
        );
    }
    p
}

/// Makes the project's content edition `n` (0 or 1): a page that says which.
fn set_edition(p: &Project, n: usize) {
    p.file(
        "content/metoder/udgave.md",
        &format!("+++\ntitle = \"Udgave\"\n+++\nDette er udgave {n}.\n"),
    );
}

fn leftovers(p: &Project) -> Vec<String> {
    std::fs::read_dir(p.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".output.ny-"))
        .collect()
}

/// A small pseudo-random sequence (xorshift); the seed is printed so a failure can be replayed.
struct Random(u64);
impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn a_killed_build_always_leaves_a_complete_output() {
    let p = mid_sized();
    let mut editions = Vec::new();
    let mut full = Duration::ZERO;
    for n in 0..2 {
        set_edition(&p, n);
        let start = Instant::now();
        p.build().assert_ok();
        full = full.max(start.elapsed());
        editions.push(p.snapshot("output"));
    }
    assert_ne!(editions[0], editions[1]);

    let seed = std::env::var("BOGBINDER_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("kill seed {seed} (set BOGBINDER_KILL_SEED to replay); a build takes {full:?}");
    let mut random = Random(seed);
    let window = full.as_micros() as u64 * 5 / 4;
    for round in 0..30 {
        set_edition(&p, round % 2);
        let mut child = Command::new(env!("CARGO_BIN_EXE_bogbinder"))
            .arg("build")
            .current_dir(p.path())
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let delay = Duration::from_micros(random.below(window));
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL: nothing of bogbinder runs after it
        child.wait().unwrap();
        assert!(
            p.exists("output"),
            "round {round}: no output/ after a kill at {delay:?} (seed {seed})"
        );
        let now = p.snapshot("output");
        assert!(
            editions.contains(&now),
            "round {round}: output/ is not a complete edition after a kill at {delay:?} (seed {seed}); {} files",
            now.len()
        );
    }

    set_edition(&p, 0);
    p.build().assert_ok();
    assert_eq!(p.snapshot("output"), editions[0]);
    assert_eq!(
        leftovers(&p),
        Vec::<String>::new(),
        "a later build cleans up"
    );
}

/// The id of a process that has exited.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn staging_folders_of_dead_builds_are_removed_and_others_kept() {
    let p = Project::new();
    p.build().assert_ok();
    let marker = p.read("output/.bogbinder-output");
    let dead: Vec<PathBuf> = (0..3)
        .map(|_| {
            let d = p.path().join(format!(".output.ny-{}", dead_pid()));
            std::fs::create_dir_all(d.join("metoder")).unwrap();
            std::fs::write(d.join(".bogbinder-output"), &marker).unwrap();
            std::fs::write(d.join("metoder/stor.bin"), vec![7u8; 1 << 20]).unwrap();
            d
        })
        .collect();
    // Not bogbinder's (no marker), and one of a process that runs (this test): both stay.
    let foreign = p.path().join(format!(".output.ny-{}", dead_pid()));
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("noter.txt"), "mine").unwrap();
    let running = p.path().join(format!(".output.ny-{}", std::process::id()));
    std::fs::create_dir_all(&running).unwrap();
    std::fs::write(running.join(".bogbinder-output"), &marker).unwrap();

    p.build().assert_ok();
    for d in &dead {
        assert!(!d.exists(), "{} was left", d.display());
    }
    assert_eq!(
        std::fs::read_to_string(foreign.join("noter.txt")).unwrap(),
        "mine"
    );
    assert!(running.exists());
    assert!(p.exists("output/index.html"));
    assert!(
        !p.exists("output/metoder/stor.bin"),
        "a reused leftover is pruned"
    );
}

#[test]
fn output_inside_the_cache_or_the_books_is_refused() {
    let p = Project::new();
    p.file(
        "bogbinder.toml",
        &format!("{MINIMAL_CONFIG}output_dir = \".bogbinder-cache\"\n"),
    );
    p.build()
        .assert_fails_with(&[".bogbinder-cache", "mellemlager"]);
    p.file(
        "bogbinder.toml",
        &format!("{MINIMAL_CONFIG}books_dir = \"output/boeger\"\n"),
    );
    p.build().assert_fails_with(&["overlapper", "books_dir"]);
    p.file("bogbinder.toml", MINIMAL_CONFIG);
    p.run(&["build", "--output", "boeger-output"])
        .assert_fails_with(&["overlapper"]);
    p.build().assert_ok();
}
