//! The nearest existing file to a path that names none, for "mente du billeder/Emma.jpg?": a
//! wrongly cased name (`emma.JPG`), a typo, a folder named a little differently. Only files the
//! reader's [`Scope`] may read are ever suggested, so a child's photo is never named in a
//! handbook's message.

use crate::project::files::{is_ignored_name, Scope};
use std::path::{Path, PathBuf};

/// `written` (a decoded, `/`-separated path relative to `base`) with each part that names nothing
/// replaced by the nearest name in its folder; `None` if a part has no near name, or the file
/// found may not be read through `scope`.
pub fn nearest_file(scope: &Scope, base: &Path, written: &str) -> Option<String> {
    let parts: Vec<&str> = written.split('/').collect();
    let mut dir = base.to_path_buf();
    let mut out = Vec::with_capacity(parts.len());
    for (n, part) in parts.iter().enumerate() {
        let last = n + 1 == parts.len();
        match *part {
            "" | "." => {}
            ".." => {
                dir.pop();
            }
            _ if is_kind(&dir.join(part), last) => dir.push(part),
            _ => {
                let name = nearest_name(scope, &dir, part, last)?;
                dir.push(&name);
                out.push(name);
                continue;
            }
        }
        out.push(part.to_string());
    }
    scope.check(&dir).ok()?;
    let found = out.join("/");
    (found != written).then_some(found)
}

/// Whether `path` is a file (`file`) or a folder (not `file`), not through a link.
fn is_kind(path: &Path, file: bool) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| if file { m.is_file() } else { m.is_dir() })
}

/// The name in `dir` nearest to `want` that the scope may read: the same name in another case
/// first, then the fewest edits, within about a quarter of the name.
fn nearest_name(scope: &Scope, dir: &Path, want: &str, file: bool) -> Option<String> {
    let want_lower = want.to_lowercase();
    let most = (want.chars().count() / 4).max(2);
    let mut near: Vec<(usize, String)> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().into_string().ok()?;
            let kind = e.file_type().ok()?;
            if is_ignored_name(&name)
                || (if file {
                    !kind.is_file()
                } else {
                    !kind.is_dir()
                })
            {
                return None;
            }
            let d = strsim::damerau_levenshtein(&want_lower, &name.to_lowercase());
            (d <= most).then_some((d, name))
        })
        .collect();
    near.sort();
    near.into_iter().map(|(_, name)| name).find(|name| {
        let path: PathBuf = dir.join(name);
        if file {
            scope.check(&path).is_ok()
        } else {
            scope.check_dir(&path).is_ok()
        }
    })
}

/// The page key nearest to `want` among `keys` (paths in `content/`), and whether it is near
/// enough to be what was meant; `None` when there are no pages. A key counts as near when it
/// differs by a few edits, or names the same file in another folder.
pub fn nearest_key<'k>(want: &str, keys: impl Iterator<Item = &'k str>) -> Option<(&'k str, bool)> {
    let want = want.to_lowercase();
    let want_name = want.rsplit('/').next().unwrap_or(&want).to_string();
    let most = (want.chars().count() / 4).max(2);
    let most_in_name = (want_name.chars().count() / 6).max(1);
    keys.map(|k| {
        let lower = k.to_lowercase();
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        let in_path = strsim::damerau_levenshtein(&want, &lower);
        let in_name = strsim::damerau_levenshtein(&want_name, name);
        let near = in_path <= most || in_name <= most_in_name;
        // Nothing near: a section's `_index.md` is a poorer example of a page than a page.
        let poor_example = !near && name == "_index.md";
        (!near, poor_example, in_path.min(in_name + 1), k)
    })
    .min()
    .map(|(far, _, _, k)| (k, !far))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_keys() {
        let keys = [
            "metoder/barnets-stemme.md",
            "metoder/netvaerk.md",
            "_index.md",
        ];
        assert_eq!(
            nearest_key("metoder/Barnets-stemmen.md", keys.into_iter()),
            Some(("metoder/barnets-stemme.md", true))
        );
        assert_eq!(
            nearest_key("netvaerk.md", keys.into_iter()),
            Some(("metoder/netvaerk.md", true))
        );
        assert_eq!(
            nearest_key("noget/helt/andet.md", keys.into_iter()).map(|(_, near)| near),
            Some(false)
        );
        assert_eq!(nearest_key("a.md", std::iter::empty()), None);
        assert_eq!(
            nearest_key("x.md", ["_index.md", "metoder/lang-side.md"].into_iter()),
            Some(("metoder/lang-side.md", false))
        );
    }

    #[test]
    fn nearest_files_keep_the_path_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let content = root.join("content");
        std::fs::create_dir_all(content.join("eksempler/billeder")).unwrap();
        std::fs::create_dir_all(content.join("boeger/emma/billeder")).unwrap();
        std::fs::write(content.join("eksempler/billeder/Emma.jpg"), "x").unwrap();
        std::fs::write(content.join("eksempler/billeder/.skjult.jpg"), "x").unwrap();
        std::fs::write(content.join("boeger/emma/billeder/emma.jpg"), "x").unwrap();
        let scope = Scope::handbook(root);
        let page = content.join("eksempler");
        let near = |w: &str| nearest_file(&scope, &page, w);
        assert_eq!(
            near("billeder/emma.JPG").as_deref(),
            Some("billeder/Emma.jpg")
        );
        assert_eq!(
            near("Billede/Emma.jpg").as_deref(),
            Some("billeder/Emma.jpg")
        );
        assert_eq!(
            near("./billeder/Emme.jpg").as_deref(),
            Some("./billeder/Emma.jpg")
        );
        assert_eq!(near("billeder/skjult.jpg"), None);
        assert_eq!(near("billeder/helt-andet-navn.png"), None);
        // A child's photo is never named to the handbook.
        assert_eq!(near("../boger/emma/billeder/emma.jpg"), None);
    }
}
