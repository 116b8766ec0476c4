//! What the open tabs are told after each rebuild (`/__bogbinder/status` and `/events`), in three
//! views, so nothing of a child's book reaches a page that is not meant for it:
//!
//! - the private listener: the books' problems and changes (this machine only);
//! - the handbook, for this machine: the handbook's problems, nothing about books;
//! - the handbook, for other machines (`--bind`): where each problem is, not what it says (a
//!   message may quote a link into a book, and so a child's name).
//!
//! The handbook views get a version of their own that only handbook changes move, so even the
//! moment a book is saved is not seen from the handbook's side.

use super::guard::Side;
use crate::error::{Diagnostic, Diagnostics};
use std::path::Path;
use std::sync::{Arc, Mutex};
use tokio::sync::watch;

/// The state every tab's view is made from; replaced whole on each change.
#[derive(Default)]
pub struct Snapshot {
    handbook_version: u64,
    handbook_local: String,
    handbook_remote: String,
    private_version: u64,
    private: String,
}

impl Snapshot {
    /// The version and JSON for a tab on `side`; `local` says the peer is this machine.
    pub fn view(&self, side: Side, local: bool) -> (u64, &str) {
        match (side, local) {
            (Side::Private, _) => (self.private_version, &self.private),
            (Side::Handbook, true) => (self.handbook_version, &self.handbook_local),
            (Side::Handbook, false) => (self.handbook_version, &self.handbook_remote),
        }
    }

    pub fn version(&self, side: Side) -> u64 {
        self.view(side, true).0
    }
}

/// Which views a change is for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The handbook changed (and with it, maybe, compendiums): every view.
    Everything,
    /// Only books changed: the private view alone.
    Books,
}

pub struct Live {
    tx: watch::Sender<Arc<Snapshot>>,
    /// Publishing reads the problems and bumps the versions under this lock, so a later version
    /// never carries older problems.
    publishing: Mutex<()>,
}

impl Live {
    pub fn new() -> Live {
        Live {
            tx: watch::channel(Arc::new(Snapshot::default())).0,
            publishing: Mutex::new(()),
        }
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.tx.borrow())
    }

    pub fn subscribe(&self) -> watch::Receiver<Arc<Snapshot>> {
        self.tx.subscribe()
    }

    /// Tells the tabs what changed (`None`: everything) and every problem there is now, as
    /// `problems()` gives them: the handbook's, and each book's by name.
    pub fn publish(
        &self,
        scope: Scope,
        changed: Option<&[String]>,
        problems: impl FnOnce() -> (Diagnostics, Vec<(String, Diagnostic)>),
    ) {
        let _publishing = self.publishing.lock().unwrap_or_else(|e| e.into_inner());
        let (handbook, books) = problems();
        let old = self.snapshot();
        let books_dir =
            Path::new(crate::handbook::load::CONTENT_DIR).join(crate::handbook::load::BOOKS_DIR);
        let (in_books, of_handbook): (Vec<&Diagnostic>, Vec<&Diagnostic>) = handbook
            .0
            .iter()
            .partition(|d| d.file.starts_with(&books_dir));
        let is_book_key = |k: &&String| k.starts_with("__boeger/");

        let private_version = old.private_version + 1;
        // A book tab reloads for its own pages only; a handbook rebuild is no reason to.
        let private_changed: Vec<&String> = changed
            .unwrap_or_default()
            .iter()
            .filter(is_book_key)
            .collect();
        let private_problems = in_books
            .iter()
            .map(|d| problem(None, d, false))
            .chain(books.iter().map(|(name, d)| problem(Some(name), d, false)));
        let private = state(private_version, Some(private_changed), private_problems);

        let mut next = Snapshot {
            private_version,
            private,
            ..Snapshot::default()
        };
        if scope == Scope::Everything {
            let version = old.handbook_version + 1;
            let changed: Option<Vec<&String>> =
                changed.map(|c| c.iter().filter(|k| !is_book_key(k)).collect());
            let view = |redact| {
                let problems = of_handbook.iter().map(|d| problem(None, d, redact));
                state(version, changed.clone(), problems)
            };
            next.handbook_version = version;
            next.handbook_local = view(false);
            next.handbook_remote = view(true);
        } else {
            next.handbook_version = old.handbook_version;
            next.handbook_local = old.handbook_local.clone();
            next.handbook_remote = old.handbook_remote.clone();
        }
        self.tx.send_replace(Arc::new(next));
    }
}

/// What a problem says for other machines instead of its message.
const REDACTED: &str =
    "Her er en fejl. Hvad den går ud på, vises kun på den maskine, hvor bogbinder serve kører.";

/// One problem for the live script; each names its book (`null`: the handbook), so a page
/// shows and waits only for its own problems.
fn problem(book: Option<&str>, d: &Diagnostic, redact: bool) -> serde_json::Value {
    let (message, hint) = if redact {
        (REDACTED, None)
    } else {
        (d.message.as_str(), d.hint.as_deref())
    };
    serde_json::json!({
        "book": book,
        "location": d.location(),
        "file": d.file,
        "line": d.line,
        "column": d.column,
        "message": message,
        "hint": hint,
    })
}

fn state(
    version: u64,
    changed: Option<Vec<&String>>,
    problems: impl Iterator<Item = serde_json::Value>,
) -> String {
    let problems: Vec<serde_json::Value> = problems.collect();
    serde_json::json!({ "version": version, "changed": changed, "problems": problems }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems() -> (Diagnostics, Vec<(String, Diagnostic)>) {
        use crate::problems::{BookProblem, ContentProblem};
        let reference = ContentProblem::PrivateReference {
            field: "metoder".into(),
            reference: "../boeger/ida/bog.toml".into(),
        };
        let link = Diagnostic::of("content/metoder/a.md", reference).at(3, 5);
        let missing = BookProblem::PhotoMissing {
            name: "ida.jpg".into(),
            path: "ida".into(),
        };
        let inside = Diagnostic::of("content/boeger/ida/01.md", missing);
        let toml = BookProblem::BookToml {
            mistake: crate::problems::TomlMistake::UnquotedText {
                key: "navn".into(),
                value: "Ida".into(),
            },
        };
        let book = Diagnostic::of("content/boeger/ida/bog.toml", toml);
        (
            Diagnostics(vec![link, inside]),
            vec![("ida".to_string(), book)],
        )
    }

    #[test]
    fn the_handbook_views_carry_nothing_of_a_book() {
        let live = Live::new();
        let changed = vec![
            "metoder/a/index.html".to_string(),
            "__boeger/ida/index.html".to_string(),
        ];
        live.publish(Scope::Everything, Some(&changed), problems);
        let s = live.snapshot();
        let (_, remote) = s.view(Side::Handbook, false);
        assert!(
            !remote.contains("ida") && !remote.contains("boeger"),
            "{remote}"
        );
        assert!(remote.contains("content/metoder/a.md:3:5"), "{remote}");
        let (_, local) = s.view(Side::Handbook, true);
        // The handbook page's own problem, as written, for the writer at this machine.
        assert!(local.contains("peger ind i et barns bog"), "{local}");
        assert!(
            !local.contains("01.md") && !local.contains("__boeger"),
            "{local}"
        );
        assert!(!local.contains("navn = Ida"), "{local}");
        let (_, private) = s.view(Side::Private, true);
        assert!(private.contains("\"book\":\"ida\"") && private.contains("01.md"));
        assert!(private.contains("__boeger/ida/index.html"));
        assert!(!private.contains("metoder/a/index.html"), "{private}");
    }

    #[test]
    fn a_book_change_does_not_move_the_handbook_version() {
        let live = Live::new();
        live.publish(Scope::Everything, None, problems);
        let before = live.snapshot();
        live.publish(
            Scope::Books,
            Some(&["__boeger/ida/index.html".into()]),
            problems,
        );
        let after = live.snapshot();
        assert_eq!(
            after.version(Side::Handbook),
            before.version(Side::Handbook)
        );
        assert_eq!(
            after.view(Side::Handbook, false).1,
            before.view(Side::Handbook, false).1
        );
        assert_eq!(
            after.version(Side::Private),
            before.version(Side::Private) + 1
        );
    }
}
