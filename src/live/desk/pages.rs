//! Pages at the desk: the list (`GET api/sider`), one page as a form (`GET api/side`) and its
//! save (`POST api/side/gem`).
//!
//! The form model ([`form`]) maps front matter to named fields and back. Writing edits the front
//! matter that is on disk (with `toml_edit`), so the writer's comments (the templates explain
//! every field), the order of keys and every field the form does not know (`extra`, an alias the
//! writer used) stay as they were; only the fields the form sent are set, and an emptied field
//! is removed.

use super::store::{self, SaveError};
use super::{Desk, DeskRequest, Reply};
use crate::error::Diagnostic;
use crate::handbook::load::PageKind;
use crate::problems::ServeProblem;
use hyper::Method;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::path::Path;

pub mod edits;
pub mod form;

pub fn route(desk: &Desk, req: &DeskRequest) -> Option<Reply> {
    let reply = match (&req.method, req.path.as_str()) {
        (&Method::GET, "api/sider") => list(desk),
        (&Method::GET, "api/side") => open(desk, req),
        (&Method::POST, "api/side/gem") => save(desk, req),
        _ => return None,
    };
    Some(reply.unwrap_or_else(|r| r))
}

/// The kinds a new page can be made of, as the desk names them.
pub const KINDS: [&str; 4] = ["metode", "eksempel", "redskab", "kursus"];

/// `GET api/sider`: every handbook page by section, the kinds, the taxonomies' terms, the books.
fn list(desk: &Desk) -> Result<Reply, Reply> {
    let engine = desk.engine.lock().map_err(|_| busy())?;
    let site = engine.site();
    let problems = engine.problems().clone();
    let content = Path::new(crate::project::CONTENT_DIR);
    let count = |key: &str| {
        let file = content.join(key);
        problems.0.iter().filter(|d| d.file == file).count()
    };
    let mut sections: Vec<(String, String, Vec<Value>)> = Vec::new();
    for id in super::documents(desk.root()) {
        if super::book_of(&id).is_some() || id.starts_with("boeger/") {
            continue;
        }
        let section = id.split_once('/').map_or("", |(s, _)| s).to_string();
        let page = site.handbook.get(&id);
        let title = page.map_or_else(|| id.clone(), |p| p.title.clone());
        let kind = page.map_or("side", |p| kind_name(p.kind));
        let updated = page
            .and_then(|p| p.meta.updated.as_ref())
            .map(|d| d.to_string());
        let entry = json!({"id": id, "titel": title, "type": kind, "opdateret": updated,
            "problemer": count(&id)});
        match sections.iter_mut().find(|s| s.0 == section) {
            Some(s) => s.2.push(entry),
            None => {
                let index = if section.is_empty() {
                    "_index.md".to_string()
                } else {
                    format!("{section}/_index.md")
                };
                let title = site
                    .handbook
                    .get(&index)
                    .map_or_else(|| section.clone(), |p| p.title.clone());
                sections.push((section, title, vec![entry]));
            }
        }
    }
    let afsnit: Vec<Value> = sections
        .into_iter()
        .map(|(navn, titel, sider)| json!({"navn": navn, "titel": titel, "sider": sider}))
        .collect();
    let config = &site.handbook.config;
    let books: Vec<Value> = crate::book::list(desk.root(), config)
        .into_iter()
        .map(|b| {
            let kind = match b.kind {
                crate::book::model::BookKind::BarnetsBog => "barnets bog",
                crate::book::model::BookKind::Kompendium => "kompendium",
            };
            json!({"navn": b.name, "titel": b.title, "type": kind})
        })
        .collect();
    let editions: Vec<&str> = config.editions.iter().map(|e| e.navn.as_str()).collect();
    Ok(Reply::json(
        200,
        &json!({"afsnit": afsnit, "typer": KINDS, "taksonomier": form::terms(site),
            "boeger": books, "sprog": config.sprog.code(), "udgaver": editions}),
    ))
}

/// The desk's name of a page kind.
pub fn kind_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Forside => "forside",
        PageKind::Sektion => "sektion",
        PageKind::Metode => "metode",
        PageKind::Eksempel => "eksempel",
        PageKind::Redskab => "redskab",
        PageKind::Kursus => "kursus",
        PageKind::Side => "side",
    }
}

/// The kind of the page with id `id`, from where it is (as the loader decides it).
fn kind_of(id: &str) -> &'static str {
    if id.starts_with("boeger/") {
        return "kapitel";
    }
    let name = id.rsplit('/').next().unwrap_or(id);
    if name == "_index.md" {
        return if id.contains('/') {
            "sektion"
        } else {
            "forside"
        };
    }
    match id.split_once('/').map(|(s, _)| s) {
        Some("metoder") => "metode",
        Some("eksempler") => "eksempel",
        Some("redskaber") => "redskab",
        Some("kurser") => "kursus",
        _ => "side",
    }
}

/// The project's taxonomies, as the handbook was last loaded with.
pub fn taxonomies(desk: &Desk) -> Vec<crate::project::config::TaxonomyConfig> {
    desk.engine
        .lock()
        .map(|e| e.site().handbook.config.taxonomies.clone())
        .unwrap_or_else(|_| crate::project::config::default_taxonomies())
}

fn busy() -> Reply {
    Reply::problem(
        503,
        ServeProblem::DeskBadRequest {
            reason: "forhåndsvisningen er optaget; prøv igen".into(),
        },
    )
}

/// Reads document `id` as the desk shows it: its bytes, text and version.
pub fn read(desk: &Desk, id: &str) -> Result<(std::path::PathBuf, String, String), Reply> {
    let path = desk.document(id)?;
    let bytes = crate::project::files::read_own_file(&path).ok_or_else(|| {
        Reply::problem(
            404,
            ServeProblem::DeskUnknownDocument { id: id.to_string() },
        )
    })?;
    let version = store::version(&bytes);
    let text = crate::project::files::decode_text(&bytes).map_err(|d| diagnostic_reply(422, &d))?;
    Ok((path, text, version))
}

/// `GET api/side?id=…`: the page as a form, its draft if there is one, and its problems.
fn open(desk: &Desk, req: &DeskRequest) -> Result<Reply, Reply> {
    let id = req.param("id").unwrap_or_default();
    let (path, text, version) = read(desk, id)?;
    let kind = kind_of(id);
    let page = form::Page::parse(&text, &taxonomies(desk));
    let draft = store::draft(&path).map(|d| {
        let mut v = d.json;
        if let Some(o) = v.as_object_mut() {
            o.remove("id");
            o.insert("gemt".into(), d.saved.into());
        }
        v
    });
    let (terms, problems) = {
        let engine = desk.engine.lock().map_err(|_| busy())?;
        let file = Path::new(crate::project::CONTENT_DIR).join(id);
        let problems: Vec<Value> = engine
            .problems()
            .0
            .iter()
            .filter(|d| d.file == file)
            .map(problem_json)
            .collect();
        (form::terms(engine.site()), problems)
    };
    let config = desk
        .engine
        .lock()
        .map(|e| e.site().handbook.config.clone())
        .ok();
    let skema = form::schema(kind, config.as_ref(), &terms);
    Ok(Reply::json(
        200,
        &json!({"id": id, "version": version, "type": kind, "felter": page.fields,
            "tekst": page.body, "kladde": draft, "problemer": problems, "skema": skema,
            "forside_fejl": page.error, "tekst_linje": body_line(&text)}),
    ))
}

/// The line of the file on which the body of `text` starts, so the desk can mark a problem's
/// line in its text area (which holds the body only).
pub fn body_line(text: &str) -> usize {
    crate::handbook::frontmatter::split(text, Path::new("side.md")).map_or(1, |s| s.body_line)
}

/// A diagnostic as the desk's JSON.
pub fn problem_json(d: &Diagnostic) -> Value {
    json!({"kode": d.code.to_string(), "linje": d.line, "kolonne": d.column,
        "besked": d.message, "hint": d.hint,
        "alvor": if d.severity == crate::problems::Severity::Warning { "advarsel" } else { "fejl" }})
}

fn diagnostic_reply(status: u16, d: &Diagnostic) -> Reply {
    Reply::json(
        status,
        &json!({"fejl": {"kode": d.code.to_string(), "besked": d.message, "hint": d.hint}}),
    )
}

/// What the desk sends to save a page.
#[derive(Deserialize)]
struct SaveRequest {
    id: String,
    version: String,
    felter: Map<String, Value>,
    tekst: String,
}

/// `POST api/side/gem`: writes the page if it is still the version the desk opened.
fn save(desk: &Desk, req: &DeskRequest) -> Result<Reply, Reply> {
    let r: SaveRequest = req.json()?;
    let (path, disk_text, _) = read(desk, &r.id)?;
    let new_text = form::Page::write(&disk_text, &r.felter, &r.tekst, &taxonomies(desk))
        .map_err(|reason| Reply::problem(400, ServeProblem::DeskBadRequest { reason }))?;
    write(
        desk,
        &r.id,
        &path,
        new_text.as_bytes(),
        &r.version,
        &r.felter,
        &r.tekst,
    )
}

/// Saves `bytes` as `id` through the store; a conflict answers 409 with both versions.
pub fn write(
    desk: &Desk,
    id: &str,
    path: &Path,
    bytes: &[u8],
    version: &str,
    felter: &Map<String, Value>,
    tekst: &str,
) -> Result<Reply, Reply> {
    match desk.store.save(path, bytes, version) {
        Ok(version) => {
            let text = String::from_utf8_lossy(bytes);
            let problems = super::preview::check_text(desk, id, &text);
            Ok(Reply::json(
                200,
                &json!({"version": version, "problemer": problems}),
            ))
        }
        Err(SaveError::Conflict { disk }) => {
            let disk_text = disk
                .as_deref()
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default();
            let theirs = form::Page::parse(&disk_text, &taxonomies(desk));
            let problem =
                crate::problems::Problem::from(ServeProblem::DeskConflict { id: id.to_string() });
            let text = problem.text(crate::problems::language());
            Ok(Reply::json(
                409,
                &json!({
                    "fejl": {"kode": problem.code().to_string(), "besked": text.message, "hint": text.hint},
                    "konflikt": {
                        "version": disk.as_deref().map(store::version),
                        "disk": {"felter": theirs.fields, "tekst": theirs.body, "raa": disk_text},
                        "din": {"felter": felter, "tekst": tekst, "raa": String::from_utf8_lossy(bytes)},
                    }
                }),
            ))
        }
        Err(SaveError::Io(e)) => Err(Reply::problem(
            500,
            ServeProblem::DeskCannotSave {
                id: id.to_string(),
                error: crate::problems::io_words(&e),
            },
        )),
    }
}
