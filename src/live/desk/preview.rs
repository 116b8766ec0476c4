//! The desk's preview (`POST api/forhaandsvis`) and what it tells about a page's text: the body
//! rendered by the handbook's own renderer, and the build's own problems at lines of the file as
//! it would be saved. Nothing is written: the page is made from the text in memory.
//!
//! A page saved with a problem is the engine's business after that: `live::incremental` keeps
//! serving the last good output while the project has problems, and the desk shows them.

use super::pages::{self, form};
use super::{Desk, DeskRequest, Reply};
use crate::error::Diagnostic;
use crate::handbook::editions::LeftOut;
use crate::handbook::markdown::{self, LinkContext};
use crate::project::files::Scope;
use hyper::Method;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::path::Path;

pub fn route(desk: &Desk, req: &DeskRequest) -> Option<Reply> {
    if !req.is(Method::POST, "api/forhaandsvis") {
        return None;
    }
    Some(preview(desk, req).unwrap_or_else(|r| r))
}

#[derive(Deserialize)]
struct PreviewRequest {
    id: String,
    #[serde(default)]
    felter: Map<String, Value>,
    tekst: String,
}

fn preview(desk: &Desk, req: &DeskRequest) -> Result<Reply, Reply> {
    let r: PreviewRequest = req.json()?;
    let (path, disk, _) = pages::read(desk, &r.id)?;
    let taxonomies = pages::taxonomies(desk);
    let text = form::Page::write(&disk, &r.felter, &r.tekst, &taxonomies).map_err(|reason| {
        Reply::problem(
            400,
            crate::problems::ServeProblem::DeskBadRequest { reason },
        )
    })?;
    let (html, problems) = render(desk, &r.id, &path, &text);
    Ok(Reply::json(
        200,
        &json!({"html": html, "problemer": problems.iter().map(pages::problem_json).collect::<Vec<_>>(),
            "tekst_linje": pages::body_line(&text)}),
    ))
}

/// The problems of `text` as document `id` (after a save: the page as it is now on disk).
pub fn check_text(desk: &Desk, id: &str, text: &str) -> Vec<Value> {
    let path = desk.root().join(crate::project::CONTENT_DIR).join(id);
    let (_, problems) = render(desk, id, &path, text);
    problems.iter().map(pages::problem_json).collect()
}

/// The body of `text` rendered as the page `id` at `path`, and every problem the build would
/// report for it alone (front matter, Markdown, files it uses, CPR numbers).
fn render(desk: &Desk, id: &str, path: &Path, text: &str) -> (String, Vec<Diagnostic>) {
    let root = desk.root();
    let page = match crate::handbook::load::page_from_text(root, path, text) {
        Ok(p) => p,
        Err(problems) => return (String::new(), problems),
    };
    // The front matter's references are checked against the handbook as built, as the build
    // checks them (a chapter has none the book reads).
    let mut ref_problems = crate::error::Diagnostics::default();
    let (urls, lang, left_out) = match desk.engine.lock() {
        Ok(engine) => {
            let handbook = &engine.site().handbook;
            if super::book_of(id).is_none() {
                crate::handbook::resolve::resolve_refs(handbook, &page, &mut ref_problems);
                // An edition the project does not have, in `udgaver` or a `[!KUN: …]` box.
                ref_problems.extend(
                    crate::handbook::editions::check_names(
                        &handbook.config,
                        std::slice::from_ref(&page),
                    )
                    .0,
                );
            }
            (
                crate::handbook::resolve::url_map(handbook),
                handbook.config.sprog,
                // The preview shows the page as the preview's edition (the first) shows it.
                handbook.left_out.clone(),
            )
        }
        Err(_) => return (String::new(), Vec::new()),
    };
    let (rendered, problems) = match super::book_of(id) {
        // A chapter of a child's book reads only its own book's files.
        Some(name) => {
            let scope = Scope::book(root, name);
            let content_dir = root.join(crate::project::CONTENT_DIR);
            let ctx = LinkContext {
                files: &scope,
                content_dir: &content_dir,
                urls: &urls,
                page_dir: id.rsplit_once('/').map_or("", |(d, _)| d).to_string(),
                file: &page.file,
                body_line: page.body_line,
                private_prefixes: &[],
                lang,
                // A book belongs to no edition of the handbook.
                left_out: &LeftOut::default(),
            };
            markdown::render(&page.body, &ctx)
        }
        None => crate::handbook::resolve::render_page(
            root,
            &Scope::handbook(root),
            &page,
            &urls,
            lang,
            &left_out,
        ),
    };
    let mut all = ref_problems.0;
    all.extend(problems);
    (rendered.html, all)
}
