//! Audience editions (`[[udgaver]]` in `bogbinder.toml`): one handbook, several complete sites,
//! each with only what its readers may see.
//!
//! A page is limited by `udgaver = ["intern"]` in its front matter, a section by the same in its
//! `_index.md` (everything under it follows), and a part of a page by a box `> [!KUN: intern]`.
//! An edition is made by [`select`] *before* anything is resolved: pages left out are not in
//! its handbook, and boxes for other editions are cut out of the Markdown (their lines kept
//! blank, so every later place stays right). Links, backlinks, taxonomies, the search index,
//! the sitemap and the print view are then worked out from what is left, exactly as for a
//! handbook without editions, so nothing of one edition can reach another's output by a path
//! that forgot to filter. A link into a page an edition leaves out is an error naming the page
//! and the edition (C142), never a quiet broken link.

use crate::error::{Diagnostic, Diagnostics, LineIndex};
use crate::handbook::load::{self, Handbook, Page};
use crate::problems::ContentProblem;
use crate::project::config::{Config, EditionConfig};
use crate::text::dialect::{self, BoxKind};
use crate::text::i18n::slugify;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
use rayon::prelude::*;
use std::collections::HashSet;
use std::ops::Range;

/// The pages an edition leaves out, so a link to one is told as such (see
/// [`ContentProblem::LeftOutOfEdition`]). Empty in a handbook without editions.
#[derive(Debug, Clone, Default)]
pub struct LeftOut {
    pub edition: String,
    pub keys: HashSet<String>,
}

impl LeftOut {
    /// The edition that leaves out the page `key`, if it does.
    pub fn edition_without(&self, key: &str) -> Option<&str> {
        self.keys.contains(key).then_some(self.edition.as_str())
    }
}

/// Who reads: one edition, or everyone (a compendium, which has no edition: it gets only what
/// every edition has).
#[derive(Debug, Clone, Copy)]
pub enum Audience<'a> {
    Edition(&'a str),
    Everyone,
}

impl Audience<'_> {
    /// Whether content limited to `names` (empty: not limited) is for this audience.
    pub fn sees(&self, names: &[String]) -> bool {
        if names.is_empty() {
            return true;
        }
        match self {
            Audience::Edition(e) => names.iter().any(|n| slugify(n) == slugify(e)),
            Audience::Everyone => false,
        }
    }
}

/// A part of a page body limited to editions: a `> [!KUN: …]` box, or a form field
/// `tekst [KUN: intern]: …` on a line of a ```` ```skema ```` block (see `handbook::forms`).
struct Limited {
    /// The bytes the part takes (a field: its line, without the line break).
    range: Range<usize>,
    /// Where the editions are named, for messages.
    named_at: usize,
    names: Vec<String>,
    /// Begins like `[!KUN` but is not a box the parser reads (`[!KUN intern]`, no `]`): an
    /// error, and cut from every edition meanwhile, so a typo never shows it to all.
    broken: bool,
}

/// Every limited part of `body` (as written), outermost and nested alike, in order.
/// Whether `kun` stands anywhere in the text, in any case: a box for an edition is marked
/// `[!KUN: ...]` (see `dialect::box_marker`).
fn mentions_kun(body: &str) -> bool {
    body.as_bytes()
        .windows(3)
        .any(|w| w.eq_ignore_ascii_case(b"kun"))
}

fn limited_parts(body: &str) -> Vec<Limited> {
    // Cheap way out for the many pages without one, without copying the body.
    if !mentions_kun(body) {
        return Vec::new();
    }
    let prepared = dialect::prepare(body);
    let events: Vec<_> = Parser::new_ext(&prepared.text, dialect::options())
        .into_offset_iter()
        .collect();
    let mut found = Vec::new();
    for (i, (e, range)) in events.iter().enumerate() {
        let range = prepared.written_offset(range.start)..prepared.written_offset(range.end);
        match e {
            Event::Start(Tag::BlockQuote(_)) => {
                let marker = dialect::box_marker(|j| events.get(j).map(|e| &e.0), i);
                let named_at = range.start;
                if let Some(m) = marker.as_ref().filter(|m| m.kind == BoxKind::Kun) {
                    let names = m.editions();
                    let broken = false;
                    found.push(Limited {
                        range,
                        named_at,
                        names,
                        broken,
                    });
                } else if marker.is_none() && opens_like_kun(&body[range.clone()]) {
                    let (names, broken) = (Vec::new(), true);
                    found.push(Limited {
                        range,
                        named_at,
                        names,
                        broken,
                    });
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.trim().eq_ignore_ascii_case("skema") =>
            {
                found.extend(limited_fields(body, range));
            }
            _ => {}
        }
    }
    found
}

/// Whether a blockquote's first line begins like a `[!KUN: …]` marker.
fn opens_like_kun(quote: &str) -> bool {
    let first = quote.lines().next().unwrap_or("");
    let rest = first.trim_start().trim_start_matches('>').trim_start();
    let head = rest.chars().take(8).collect::<String>().to_uppercase();
    // `[!KUNST]` is some other (unknown) box, not this one misspelt.
    head.strip_prefix("[!")
        .and_then(|h| h.trim_start().strip_prefix("KUN"))
        .is_some_and(|after| !after.starts_with(char::is_alphabetic))
}

/// The form fields limited to editions in the ```` ```skema ```` block at `block` of `body`:
/// `[KUN: a, b]` between a field's kind and its colon.
fn limited_fields(body: &str, block: Range<usize>) -> Vec<Limited> {
    let mut found = Vec::new();
    let mut start = block.start;
    for line in body[block].split_inclusive('\n') {
        let text = line.trim_end_matches('\n');
        let colon = text.find(':').unwrap_or(text.len());
        let marker = text[..colon].find('[').and_then(|open| {
            let close = open + text[open..].find(']')?;
            let (word, names) = text[open + 1..close].split_once(':')?;
            word.trim()
                .eq_ignore_ascii_case("kun")
                .then_some((open, names))
        });
        let names: Vec<String> = marker
            .map(|(_, names)| names.split(',').map(|n| n.trim().to_string()).collect())
            .unwrap_or_default();
        // A field's empty name is the form's own mistake (handbook::forms), told there.
        if let (Some((open, _)), false) = (marker, names.iter().any(String::is_empty)) {
            let (range, named_at) = (start..start + text.len(), start + open);
            let broken = false;
            found.push(Limited {
                range,
                named_at,
                names,
                broken,
            });
        }
        start += line.len();
    }
    found
}

/// `body` without the boxes (and form fields) `audience` does not see. A cut part leaves its
/// line breaks, so the lines after it keep their numbers. `None` when nothing is cut.
pub fn cut_boxes(body: &str, audience: Audience<'_>) -> Option<String> {
    let mut out = String::new();
    let mut done = 0;
    for b in limited_parts(body) {
        // A box inside one already cut went with it.
        if b.range.start < done || (!b.broken && audience.sees(&b.names)) {
            continue;
        }
        out.push_str(&body[done..b.range.start]);
        out.extend(body[b.range.clone()].chars().filter(|&c| c == '\n'));
        done = b.range.end;
    }
    if done == 0 {
        return None;
    }
    out.push_str(&body[done..]);
    Some(out)
}

/// The folders' `_index.md` keys a page lies under (its own, for a section), from the top.
fn sections_above(key: &str) -> impl Iterator<Item = String> + '_ {
    let folders: Vec<&str> = key.split('/').collect();
    let depth = folders.len() - 1;
    (0..=depth).map(move |n| match n {
        0 => "_index.md".to_string(),
        n => format!("{}/_index.md", folders[..n].join("/")),
    })
}

/// The pages `audience` reads, with the boxes it does not see cut out, and the pages it does not
/// read. A page is read if its own `udgaver` and those of every section above it allow it.
pub fn partition(pages: Vec<Page>, audience: Audience<'_>) -> (Vec<Page>, Vec<Page>) {
    let limits: std::collections::HashMap<String, Vec<String>> = (pages.iter())
        .filter(|p| p.is_section() && !p.meta.udgaver.is_empty())
        .map(|p| (p.key.clone(), p.meta.udgaver.clone()))
        .collect();
    let seen = |p: &Page| {
        audience.sees(&p.meta.udgaver)
            && sections_above(&p.key)
                .filter_map(|k| limits.get(&k))
                .all(|names| audience.sees(names))
    };
    let (mut kept, left_out): (Vec<Page>, Vec<Page>) = pages.into_iter().partition(seen);
    for p in &mut kept {
        if let Some(body) = cut_boxes(&p.body, audience) {
            p.body = body;
        }
    }
    (kept, left_out)
}

/// The [`LeftOut`] of an edition that leaves out `pages`.
pub fn left_out(audience: Audience<'_>, pages: &[Page]) -> LeftOut {
    LeftOut {
        edition: match audience {
            Audience::Edition(e) => e.to_string(),
            Audience::Everyone => String::new(),
        },
        keys: pages.iter().map(|p| p.key.clone()).collect(),
    }
}

/// The settings of an edition: its title, output folder and address.
pub fn edition_config(config: &Config, edition: &EditionConfig) -> Config {
    let mut c = config.clone();
    c.title = edition.titel.clone().unwrap_or(c.title);
    c.output_dir = edition.folder(&config.output_dir);
    // Without its own address, an edition in the output folder is published where that folder
    // is, under its own folder's name; elsewhere, where it is published is not known.
    c.base_url = edition.base_url.clone().or_else(|| {
        let base = config.base_url.as_deref()?.trim();
        let under = c.output_dir.strip_prefix(&config.output_dir).ok()?;
        let parts: Vec<String> = under
            .components()
            .map(|p| format!("{}/", p.as_os_str().to_string_lossy()))
            .collect();
        (!base.is_empty()).then(|| format!("{}/{}", base.trim_end_matches('/'), parts.concat()))
    });
    c
}

/// The handbook `audience` reads (see [`partition`]). `edition` (when there is one) gives the
/// title, output folder and address. Problems of assembling (clashing addresses) were reported
/// when the whole handbook was loaded.
pub fn select(
    handbook: &Handbook,
    audience: Audience<'_>,
    edition: Option<&EditionConfig>,
) -> Handbook {
    let config = match edition {
        Some(e) => edition_config(&handbook.config, e),
        None => handbook.config.clone(),
    };
    let mut pages = handbook.pages.clone();
    // A front page made up for the whole handbook (it has no front matter, so no title there)
    // is made again by `assemble`, with the edition's title.
    pages.retain(|p| !(p.key == "_index.md" && p.meta.title.is_none()));
    let (kept, out) = partition(pages, audience);
    let mut ignored = Diagnostics::default();
    let failed = handbook.failed_keys.clone();
    let mut selected = load::assemble(&handbook.root, config, kept, failed, &mut ignored);
    selected.left_out = left_out(audience, &out);
    selected
}

/// The edition the preview shows: the first in `bogbinder.toml`.
pub fn previewed(config: &Config) -> Option<&EditionConfig> {
    config.editions.first()
}

/// Every edition named in a page's `udgaver` or in a `[!KUN: …]` box must be one of
/// `bogbinder.toml`'s: a misspelt name would hide the content from every edition, or, worse,
/// a typo in a box would show it to all. Told at its place, with the nearest known name.
pub fn check_names(config: &Config, pages: &[Page]) -> Diagnostics {
    let known: Vec<String> = config.editions.iter().map(|e| e.navn.clone()).collect();
    let slugs: HashSet<String> = known.iter().map(|n| slugify(n)).collect();
    let unknown = |name: &str| {
        let nearest = known
            .iter()
            .map(|k| {
                (
                    strsim::damerau_levenshtein(&name.to_lowercase(), &k.to_lowercase()),
                    k,
                )
            })
            .filter(|(d, k)| *d <= (k.chars().count() / 2).max(1))
            .min()
            .map(|(_, k)| k.clone());
        ContentProblem::UnknownEdition {
            name: name.to_string(),
            known: known.clone(),
            nearest,
        }
    };
    // Page by page in parallel: a large handbook has many pages to look through for boxes.
    let per_page = |p: &Page| {
        let mut diags = Diagnostics::default();
        for n in p
            .meta
            .udgaver
            .iter()
            .filter(|n| !slugs.contains(&slugify(n)))
        {
            let d = Diagnostic::of(&p.file, unknown(n));
            diags.push(d.at_place(p.meta.places.of("udgaver", n)));
        }
        let parts = limited_parts(&p.body);
        if parts.is_empty() {
            return diags;
        }
        let lines = LineIndex::new(&p.body);
        for b in parts {
            let (line, col) = lines.line_col(b.named_at);
            let at = |d: Diagnostic| d.at(line + p.body_line - 1, col);
            if b.broken {
                diags.push(at(Diagnostic::of(
                    &p.file,
                    ContentProblem::EditionBoxBroken,
                )));
            } else if b.names.is_empty() {
                diags.push(at(Diagnostic::of(&p.file, ContentProblem::EditionBoxEmpty)));
            }
            for n in b.names.iter().filter(|n| !slugs.contains(&slugify(n))) {
                diags.push(at(Diagnostic::of(&p.file, unknown(n))));
            }
        }
        diags
    };
    let mut diags = Diagnostics::default();
    for d in pages.par_iter().map(per_page).collect::<Vec<_>>() {
        diags.extend(d.0);
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_for_another_edition_is_cut_and_lines_are_kept() {
        let body = "Før\n\n> [!KUN: intern]\n> Hemmeligt\n> mere\n\nEfter\n";
        let cut = cut_boxes(body, Audience::Edition("forældre")).unwrap();
        assert!(!cut.contains("Hemmeligt") && !cut.contains("KUN"), "{cut}");
        assert_eq!(cut.lines().count(), body.lines().count());
        assert!(cut.contains("Efter"));
        assert_eq!(cut_boxes(body, Audience::Edition("intern")), None);
        assert_eq!(cut_boxes(body, Audience::Edition("Intern")), None);
        assert!(cut_boxes(body, Audience::Everyone).is_some());
    }

    #[test]
    fn nested_and_listed_boxes_are_cut_whole() {
        let body = "- punkt\n  > [!KUN: intern, forældre]\n  > delt\n  >\n  > > [!KUN: intern]\n  > > inderst\n- næste\n";
        let parents = cut_boxes(body, Audience::Edition("forældre")).unwrap();
        assert!(
            parents.contains("delt") && !parents.contains("inderst"),
            "{parents}"
        );
        let everyone = cut_boxes(body, Audience::Everyone).unwrap();
        assert!(!everyone.contains("delt") && !everyone.contains("inderst"));
        assert!(everyone.contains("næste"));
    }

    #[test]
    fn form_fields_for_another_edition_are_cut() {
        let body = "```skema\ntekst: Navn\ntekst [KUN: intern]: Sagsnummer\ndato: I dag\n```\n";
        let cut = cut_boxes(body, Audience::Edition("forældre")).unwrap();
        assert_eq!(cut, "```skema\ntekst: Navn\n\ndato: I dag\n```\n");
        assert_eq!(cut_boxes(body, Audience::Edition("intern")), None);
        // A marker the parser cannot read is cut from every edition (and is an error).
        let broken = "> [!KUN intern]\n> zq\n\nEfter\n";
        let cut = cut_boxes(broken, Audience::Edition("intern")).unwrap();
        assert_eq!(cut, "\n\n\nEfter\n");
        // Outside a form, the same words are text.
        assert_eq!(
            cut_boxes("tekst [KUN: intern]: x\n", Audience::Everyone),
            None
        );
    }

    #[test]
    fn sections_above_a_page() {
        let v: Vec<String> = sections_above("a/b/c.md").collect();
        assert_eq!(v, ["_index.md", "a/_index.md", "a/b/_index.md"]);
    }
}
