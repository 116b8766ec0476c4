//! `bogbinder new metode "Titel"` (and `eksempel`, `redskab`, `kursus`): a new page from the
//! kind's template, every front matter field explained in a Danish comment, so a writer starts
//! from a page that builds and shows what can be filled in.

use crate::error::{Error, Result};
use crate::problems::ProjectProblem;
use crate::text::i18n::slugify;
use std::path::{Path, PathBuf};

/// The kinds of page `bogbinder new` makes, each in its own section folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewPage {
    Metode,
    Eksempel,
    Redskab,
    Kursus,
}

impl NewPage {
    /// The section folder in `content/`.
    pub fn section(self) -> &'static str {
        match self {
            NewPage::Metode => "metoder",
            NewPage::Eksempel => "eksempler",
            NewPage::Redskab => "redskaber",
            NewPage::Kursus => "kurser",
        }
    }

    fn template(self) -> &'static str {
        match self {
            NewPage::Metode => include_str!("templates/metode.md"),
            NewPage::Eksempel => include_str!("templates/eksempel.md"),
            NewPage::Redskab => include_str!("templates/redskab.md"),
            NewPage::Kursus => include_str!("templates/kursus.md"),
        }
    }

    /// The section's `_index.md`, for a project that does not have the section yet.
    fn section_index(self) -> &'static str {
        match self {
            NewPage::Metode => "+++\ntitle = \"Metoder\"\nweight = 1\n+++\n",
            NewPage::Eksempel => "+++\ntitle = \"Praksiseksempler\"\nweight = 2\n+++\n",
            NewPage::Redskab => "+++\ntitle = \"Redskaber\"\nweight = 3\n+++\n",
            NewPage::Kursus => "+++\ntitle = \"Kurser\"\nweight = 4\n+++\n",
        }
    }
}

/// The page's text: the kind's template with the title (as a TOML string) and `today`
/// (`2026-02-03`) filled in.
pub fn page_text(kind: NewPage, title: &str, today: &str) -> String {
    // TOML's own quoting, so that quotes, backslashes and line breaks in a title stay text.
    let toml_title = toml::Value::String(title.to_string()).to_string();
    kind.template()
        .replace("{title}", &toml_title)
        .replace("{today}", today)
}

/// Writes `content/<section>/<slug>.md` (and the section's `_index.md` if there is none) and
/// returns the page's path. Refuses, writing nothing, if the page exists under that name (as a
/// file or as `<slug>/index.md`) or a folder on the way is a link.
pub fn new_page(root: &Path, kind: NewPage, title: &str, today: &str) -> Result<PathBuf> {
    let title = title.trim();
    let mut slug = slugify(title);
    if slug.is_empty() {
        return Err(Error::usage(ProjectProblem::PageTitleUnusable {
            title: title.to_string(),
        }));
    }
    // A title Windows reads as a device ("Con", "Nul") gets a file name it can hold; the
    // printed path of the new page shows it.
    if crate::output::portable::device_name(&slug).is_some() {
        slug.push_str("-side");
    }
    let section = Path::new(super::CONTENT_DIR).join(kind.section());
    let rel = section.join(format!("{slug}.md"));
    // A page is written only into the project itself, never through a link.
    if let Some(link) = super::files::link_on_the_way(root, &rel) {
        return Err(Error::usage(ProjectProblem::PageLinkOnTheWay {
            link: link.display().to_string(),
        }));
    }
    for taken in [rel.clone(), section.join(&slug).join("index.md")] {
        if root.join(&taken).exists() {
            return Err(Error::usage(ProjectProblem::PageExists {
                path: taken.display().to_string(),
            }));
        }
    }
    let dir = root.join(&section);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("oprette", &dir, e))?;
    let index = dir.join("_index.md");
    if !index.exists() {
        write_new(&index, kind.section_index())?;
    }
    let path = root.join(&rel);
    write_new(&path, &page_text(kind, title, today))?;
    Ok(path)
}

/// Creates a file that must not exist yet (never overwrites, also not in a race).
pub(crate) fn write_new(path: &Path, text: &str) -> Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io("oprette", path, e))?;
    std::io::Write::write_all(&mut f, text.as_bytes()).map_err(|e| Error::io("skrive", path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_is_valid_front_matter_with_the_title() {
        for kind in [
            NewPage::Metode,
            NewPage::Eksempel,
            NewPage::Redskab,
            NewPage::Kursus,
        ] {
            let text = page_text(kind, "Et \"citat\" og C:\\sti\nto linjer", "2026-02-03");
            let split = crate::handbook::frontmatter::split(&text, Path::new("x.md")).unwrap();
            let meta = crate::handbook::frontmatter::parse(&split, Path::new("x.md"))
                .unwrap_or_else(|d| panic!("{kind:?}: {}", d.message));
            assert_eq!(
                meta.title.as_deref(),
                Some("Et \"citat\" og C:\\sti\nto linjer")
            );
            assert!(meta.updated.is_some(), "{kind:?}");
        }
    }
}
