//! Times incremental rebuilds: `cargo run --release --example incremental_bench -- DIR [N] [KINDS]`.
//! Edits one page N times (body, title, then its terms), adds a page pointing at it, and reports the time from the write to the rebuilt
//! page in memory, then the time to the sidebar lists that page loads. KINDS limits the edits to some of `body,title,tag,new` (all by default).
//! With `BENCH_CHANGED=1` each update's changed outputs are printed, counted by folder and depth.

use bogbinder::live::incremental::Incremental;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = std::path::PathBuf::from(&args[1]);
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20);
    let kinds = args.get(3).map_or("body,title,tag,new", String::as_str);
    let t = Instant::now();
    let mut inc = Incremental::load(&root).expect("load");
    println!("full load and render: {} ms", t.elapsed().as_millis());
    let page = root.join("content/metoder/metod-00042.md");
    let original = std::fs::read_to_string(&page).unwrap();
    for label in ["body edit", "title edit", "tag edit", "new page"] {
        let kind = label.split(' ').next().unwrap_or_default();
        if !kinds.split(',').any(|k| k == kind) {
            continue;
        }
        let mut times = Vec::new();
        let mut nav_times = Vec::new();
        for k in 0..n {
            let text = match label {
                "title edit" => original.replacen("title = \"", &format!("title = \"{k} "), 1),
                // The page moves between two terms every handbook of this size has.
                "tag edit" if k % 2 == 0 => {
                    let moved = original.replacen("tema = [\"", "tema = [\"inddragelse\", \"", 1);
                    format!("{moved}\nRedigering {k}.\n")
                }
                _ => format!("{original}\nRedigering {k}.\n"),
            };
            // A new page pointing at the measured one, which lists it as a backlink; it is
            // deleted again untimed.
            let new_page = root.join(format!("content/metoder/ny-side-{k}.md"));
            let (file, text) = match label {
                "new page" => (
                    &new_page,
                    format!("+++\ntitle = \"Ny side {k}\"\nmetoder = [\"@/metoder/metod-00042.md\"]\n+++\nTekst.\n"),
                ),
                _ => (&page, text),
            };
            let t = Instant::now();
            std::fs::write(file, text).unwrap();
            let u = inc.update(std::slice::from_ref(file));
            let html = inc.file("metoder/metod-00042/index.html").unwrap();
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            assert!(u.problems.is_empty(), "{}", u.problems);
            if std::env::var_os("BENCH_CHANGED").is_some() {
                let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
                for c in u.changed.iter().flatten() {
                    let head: Vec<&str> = c.split('/').collect();
                    let key = format!("{}/{}", head[0], head.len());
                    *kinds.entry(key).or_default() += 1;
                }
                eprintln!("{label}: {kinds:?}");
            }
            let html = String::from_utf8_lossy(&html);
            assert!(html.contains(&format!("{k}")));
            // What the page loads next: its section's sidebar groups and its own group.
            let t = Instant::now();
            if let Some(g) = html.split("data-nav-group=\"").nth(1) {
                let g = g.split('"').next().unwrap_or("0");
                assert!(inc.file("static/nav/metoder.js").is_some());
                assert!(inc.file(&format!("static/nav/metoder/{g}.js")).is_some());
            }
            nav_times.push(t.elapsed().as_secs_f64() * 1000.0);
            times.push((ms, u.changed.map(|c| c.len()).unwrap_or(0)));
            if label == "new page" {
                std::fs::remove_file(&new_page).unwrap();
                inc.update(std::slice::from_ref(&new_page));
            }
        }
        times.sort_by(|a, b| a.0.total_cmp(&b.0));
        nav_times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        println!(
            "{label}: median {:.1} ms, max {:.1} ms, {} files rewritten; then its sidebar lists: median {:.1} ms, max {:.1} ms",
            median.0,
            times.last().unwrap().0,
            median.1,
            nav_times[nav_times.len() / 2],
            nav_times.last().unwrap(),
        );
    }
    std::fs::write(&page, original).unwrap();
}
