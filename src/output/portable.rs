//! Names every platform can hold. Output built on Linux is opened from a Windows share or a Mac,
//! so what Windows refuses (device names such as `con`, names ending in a dot or a space, a few
//! characters) and what a case-insensitive disk merges (`Skema.pdf` and `skema.pdf`) is found
//! before anything is written, on every platform alike.

use crate::problems::{NameFrom, PortableName, Words};
use std::collections::HashMap;
use std::path::Path;

/// Windows' classic limit for a whole path, its end mark included (`MAX_PATH`).
pub const MAX_PATH: usize = 260;

/// Names Windows keeps for devices, in any case and with any extension (`con.md` too).
const DEVICES: [&str; 4] = ["CON", "PRN", "AUX", "NUL"];

/// The device word `name` is to Windows (`"CON"` for `con.md`, `"COM1"` for `Com1`), if any.
pub fn device_name(name: &str) -> Option<String> {
    // Windows compares the part before the first dot, with trailing spaces dropped.
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let upper = stem.to_ascii_uppercase();
    let numbered = |prefix: &str| {
        upper.strip_prefix(prefix).is_some_and(|n| {
            // COM1..COM9, LPT1..LPT9, and the superscript digits Windows reads the same.
            matches!(
                n,
                "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
            )
        })
    };
    (DEVICES.contains(&upper.as_str()) || numbered("COM") || numbered("LPT")).then_some(upper)
}

/// Refuses a book's name (its folder, its output folder) that Windows reads as a device.
pub fn refuse_device_book(name: &str) -> crate::Result<()> {
    match device_name(name) {
        Some(device) => Err(crate::Error::usage(crate::problems::FileProblem::Portable(
            PortableName::Reserved {
                name: name.to_string(),
                device,
                from: NameFrom::Book,
            },
        ))),
        None => Ok(()),
    }
}

/// Why Windows cannot store `name` at all, if it cannot.
pub fn unstorable(name: &str) -> Option<Words> {
    if name.ends_with('.') {
        return Some(Words {
            da: "ender med et punktum, som Windows fjerner",
            en: "ends in a dot, which Windows drops",
        });
    }
    if name.ends_with(' ') {
        return Some(Words {
            da: "ender med et mellemrum, som Windows fjerner",
            en: "ends in a space, which Windows drops",
        });
    }
    if name
        .chars()
        .any(|c| matches!(c, '<' | '>' | ':' | '"' | '\\' | '|' | '?' | '*') || c < ' ')
    {
        return Some(Words {
            da: "indeholder et af tegnene < > : \" \\ | ? * eller et styretegn",
            en: "holds one of the characters < > : \" \\ | ? * or a control character",
        });
    }
    None
}

/// The first name of the `/`-separated `path` that Windows cannot hold, as a problem, with the
/// path up to and including that name (so one troubled folder is told once, not per file in it).
pub fn name_problem(path: &str, from: NameFrom) -> Option<(String, PortableName)> {
    let mut end = 0;
    for name in path.split('/') {
        end += name.len();
        let upto = path[..end].to_string();
        end += 1;
        if name.is_empty() {
            continue;
        }
        if let Some(device) = device_name(name) {
            let name = name.to_string();
            return Some((upto, PortableName::Reserved { name, device, from }));
        }
        if let Some(why) = unstorable(name) {
            let name = name.to_string();
            return Some((upto, PortableName::Unstorable { name, why, from }));
        }
    }
    None
}

/// Paths as a case-insensitive disk compares them.
fn folded(path: &str) -> String {
    path.to_lowercase()
}

/// Output paths (`/`-separated, files only) that a case-insensitive disk would make one: for each
/// path after the first of its kind, the index of the earlier path it clashes with. A file whose
/// path is a folder of another (`a/B` beside `a/b/index.html`) clashes too.
pub fn case_clashes(paths: &[&str]) -> Vec<(usize, usize)> {
    let mut files: HashMap<String, usize> = HashMap::with_capacity(paths.len());
    let mut folders: HashMap<String, usize> = HashMap::new();
    let mut clashes = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let key = folded(path);
        match files.get(&key) {
            Some(&first) if paths[first] != *path => clashes.push((i, first)),
            Some(_) => {}
            None => {
                if let Some(&first) = folders.get(&key) {
                    clashes.push((i, first));
                }
                files.insert(key.clone(), i);
            }
        }
        let mut at = key.as_str();
        while let Some((folder, _)) = at.rsplit_once('/') {
            if let Some(&file) = files.get(folder) {
                if !clashes.contains(&(i, file)) {
                    clashes.push((i, file));
                }
            }
            folders.entry(folder.to_string()).or_insert(i);
            at = folder;
        }
    }
    clashes
}

/// How many characters Windows counts in `out` joined with the `/`-separated `rel`, its end mark
/// left out (UTF-16 units, as Windows counts).
pub fn windows_length(out: &Path, rel: &str) -> usize {
    let out = out.to_string_lossy();
    out.encode_utf16().count() + 1 + rel.encode_utf16().count()
}

/// Whether that path is over Windows' limit.
pub fn too_long(out: &Path, rel: &str) -> Option<usize> {
    let n = windows_length(out, rel);
    (n >= MAX_PATH).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_names_are_found_in_any_case_and_with_extensions() {
        for name in [
            "con",
            "CON",
            "Con.md",
            "aux",
            "nul",
            "nul.txt",
            "prn",
            "com1",
            "COM9",
            "lpt1",
            "Lpt9.tar.gz",
            "con .md",
            "com¹",
        ] {
            assert!(device_name(name).is_some(), "{name}");
        }
        assert_eq!(device_name("con.md").as_deref(), Some("CON"));
        for name in [
            "console",
            "con-side",
            "nul-tolerance",
            "com",
            "com0x",
            "com10",
            "lpt",
            "aux2",
            "icon",
            "ekon.md",
            "metode",
        ] {
            assert_eq!(device_name(name), None, "{name}");
        }
    }

    #[test]
    fn names_windows_cannot_store() {
        for name in [
            "boeger.",
            "foto ",
            "a:b.png",
            "spørg?.pdf",
            "a*b",
            "x|y",
            "tab\there",
        ] {
            assert!(unstorable(name).is_some(), "{name}");
        }
        for name in ["foto.jpg", "Gode råd.pdf", ".hidden", "a b.png", "æøå"] {
            assert!(unstorable(name).is_none(), "{name}");
        }
    }

    #[test]
    fn a_troubled_folder_is_named_with_its_path() {
        let (upto, p) = name_problem("metoder/con/index.html", NameFrom::Page).unwrap();
        assert_eq!(upto, "metoder/con");
        assert!(matches!(p, PortableName::Reserved { ref device, .. } if device == "CON"));
        let (upto, p) = name_problem("a/Billeder./x.png", NameFrom::File).unwrap();
        assert_eq!(upto, "a/Billeder.");
        assert!(matches!(p, PortableName::Unstorable { .. }));
        assert!(name_problem("metoder/netvaerk/index.html", NameFrom::Page).is_none());
    }

    #[test]
    fn paths_differing_only_in_case_clash() {
        let paths = [
            "metoder/a/index.html",
            "metoder/a/Skema.pdf",
            "metoder/a/skema.pdf",
            "Metoder/A/index.html",
            "metoder/b",
            "metoder/B/index.html",
            "Metoder/c/x.png",
            "metoder/c/y.png",
        ];
        // A file and a folder of the same name clash too; two files in one folder whose name
        // is spelt two ways do not (the folders merge).
        assert_eq!(case_clashes(&paths), vec![(2, 1), (3, 0), (5, 4)]);
        // The same path twice is one file, not a clash.
        assert_eq!(case_clashes(&["a/x", "a/x"]), vec![]);
    }

    #[test]
    fn long_paths_are_counted_as_windows_counts() {
        let out = Path::new(r"\\server\share\Metodehåndbog\output");
        assert_eq!(
            windows_length(out, "a/b.html"),
            out.as_os_str().len() - 1 + 9
        );
        assert_eq!(too_long(out, "kort/index.html"), None);
        let long = format!("{}/index.html", "a".repeat(240));
        assert!(too_long(out, &long).unwrap() > MAX_PATH);
    }
}
