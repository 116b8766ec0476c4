//! Times the search index of a project: `cargo run --release --example search_bench -- DIR`.
//! Used by benches/search.sh; prints the index build time and the sizes of what it writes.

use bogbinder::handbook::search::{build_index, index_files};
use std::path::Path;
use std::time::Instant;

fn main() {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("brug: search_bench PROJEKTMAPPE");
        std::process::exit(2);
    };
    let handbook = match bogbinder::Handbook::load(Path::new(&root)) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let start = Instant::now();
    let index = build_index(handbook.site());
    let built = start.elapsed();
    let files = index_files(&index);
    let total = start.elapsed();
    let size = |prefix: &str| -> (usize, usize, usize) {
        let sizes: Vec<usize> = files
            .iter()
            .filter(|(p, _)| p.starts_with(prefix))
            .map(|(_, b)| b.len())
            .collect();
        let max = sizes.iter().copied().max().unwrap_or(0);
        (sizes.len(), sizes.iter().sum(), max)
    };
    let (shards, shard_bytes, shard_max) = size("soeg/i/");
    let (docs, doc_bytes, doc_max) = size("soeg/t/");
    let (_, manifest, _) = size("soeg/index.js");
    println!("pages indexed:        {}", index.docs.len());
    println!("distinct terms:       {}", index.terms.len());
    println!("index built in:       {:.3} s", built.as_secs_f64());
    println!("built + serialized:   {:.3} s", total.as_secs_f64());
    println!("manifest:             {manifest} bytes");
    println!(
        "term shards:          {shards} files, {shard_bytes} bytes, largest {shard_max} bytes"
    );
    println!("snippet texts:        {docs} files, {doc_bytes} bytes, largest {doc_max} bytes");
}
