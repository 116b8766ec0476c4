//! A child's book at the desk: `api/bog…` (see docs/skrivebord-api.md). The book's settings form, its
//! chapters with their guiding questions and their order, a new book, and the PDF (ordinary or
//! transition edition) built in memory by the book pipeline and handed to the browser as a
//! download. The photo endpoints are in [`super::photos`]; chapters are saved as pages
//! (`side/gem`, ids under `boeger/`).

use super::{store, Desk, DeskRequest, Reply};
use crate::book::barnetsbog::{BOOK_FILE, PHOTO_DIR};
use crate::book::form::{self, BookForm};
use crate::book::{BookKind, BookRequest};
use crate::error::{Diagnostic, Diagnostics, Error};
use crate::problems::{BookProblem, Problem};
use crate::project::config::Config;
use crate::project::files::{Refusal, Scope};
use hyper::Method;
use serde::Deserialize;
use serde_json::json;
use std::path::{Path, PathBuf};

/// Answers the book endpoints; `None` for any other request.
pub fn route(desk: &Desk, req: &DeskRequest) -> Option<Reply> {
    let reply = match (&req.method, req.path.as_str()) {
        (&Method::GET, "api/bog") => open(desk, req),
        (&Method::POST, "api/bog/indstillinger") => settings(desk, req),
        (&Method::POST, "api/bog/raekkefoelge") => order(desk, req),
        (&Method::POST, "api/bog/ny") => new(desk, req),
        (&Method::GET, "api/bog/pdf") => pdf(desk, req),
        _ => return None,
    };
    Some(reply.unwrap_or_else(|r| r))
}

/// A problem of the user's book as the desk's JSON: the first problem as `fejl`, all of them in
/// `problemer` with their places.
pub(super) fn diagnostics_reply(status: u16, diags: &Diagnostics) -> Reply {
    let first = diags.0.first();
    Reply::json(
        status,
        &json!({
            "fejl": first.map(|d| json!({"kode": d.code.to_string(), "besked": d.message, "hint": d.hint})),
            "problemer": diags.0.iter().map(problem_json).collect::<Vec<_>>(),
        }),
    )
}

/// One problem for the desk: code, file, place, words, and whether it stops the book.
pub(super) fn problem_json(d: &Diagnostic) -> serde_json::Value {
    json!({
        "kode": d.code.to_string(),
        "fil": d.file.display().to_string(),
        "linje": d.line,
        "kolonne": d.column,
        "besked": d.message,
        "hint": d.hint,
        "alvor": match d.severity {
            crate::problems::Severity::Warning => "advarsel",
            _ => "fejl",
        },
    })
}

/// Any failure of a book operation as the desk's answer: the user's problems as 400 (409 for a
/// book that exists or a stale order), a file that could not be written as 500 with its words.
pub(super) fn error_reply(root: &Path, fallback: &Path, e: Error) -> Reply {
    let status = match &e {
        Error::Usage(Problem::Book(BookProblem::BookExists { .. }))
        | Error::Usage(Problem::Book(BookProblem::ChapterOrderStale { .. })) => 409,
        Error::Usage(Problem::Book(BookProblem::UnknownBook { .. })) => 404,
        Error::Invalid(_) | Error::Usage(_) => 400,
        Error::Io { .. } | Error::Internal(_) => 500,
    };
    diagnostics_reply(status, &e.into_diagnostics(root, fallback))
}

/// The child's book named in the request (`navn`), as the desk may open it: a barnets bog of
/// the project (found as typed, like `bogbinder book`), never a compendium.
pub(super) fn child_book(root: &Path, name: Option<&str>) -> Result<String, Reply> {
    let name = name.unwrap_or_default();
    let config =
        Config::load(root).map_err(|e| error_reply(root, Path::new("bogbinder.toml"), e))?;
    let known = crate::book::known_name(root, &config, name)
        .filter(|n| crate::book::kind_of(root, &config, n) == Some(BookKind::BarnetsBog));
    known.ok_or_else(|| {
        let known = crate::book::list(root, &config)
            .into_iter()
            .filter(|b| b.kind == BookKind::BarnetsBog)
            .map(|b| b.name)
            .collect();
        let problem = BookProblem::UnknownBook {
            name: name.to_string(),
            known,
        };
        Reply::problem(404, problem)
    })
}

/// A book's `bog.toml` as read for the desk: where it is, as messages name it, its bytes' version
/// and its text.
struct BookFile {
    path: PathBuf,
    shown: PathBuf,
    version: String,
    text: String,
}

fn book_file(root: &Path, book: &str) -> Result<BookFile, Reply> {
    let scope = Scope::book(root, book);
    let path = scope.dir().join(BOOK_FILE);
    let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
    let refused = |d: Diagnostic| diagnostics_reply(400, &Diagnostics(vec![d]));
    let bytes = scope
        .read(&path, crate::project::MAX_FILE_BYTES)
        .map_err(|r| refused(scope.diagnostic(&r, &shown, BOOK_FILE)))?;
    let text =
        crate::project::files::decode_text(&bytes).map_err(|d| refused(d.with_file(&shown)))?;
    Ok(BookFile {
        version: store::version(&bytes),
        path,
        shown,
        text,
    })
}

/// `GET api/bog?navn=emma`: the book's settings as a form, its chapters with their questions,
/// its photos and the version of `bog.toml`.
fn open(desk: &Desk, req: &DeskRequest) -> Result<Reply, Reply> {
    let root = desk.root();
    let name = child_book(root, req.param("navn"))?;
    let file = book_file(root, &name)?;
    let (settings, problems) = match form::read(&file.text, &file.shown) {
        Ok(f) => (Some(f), Vec::new()),
        Err(d) => (None, vec![problem_json(&d)]),
    };
    let title = settings.as_ref().map_or(name.clone(), |f| f.navn.clone());
    Ok(Reply::json(
        200,
        &json!({
            "navn": name,
            "titel": title,
            "kapitler": form::chapters(root, &name),
            "indstillinger": settings,
            "fotos": super::photos::listed(root, &name),
            "version": file.version,
            "problemer": problems,
        }),
    ))
}

#[derive(Deserialize)]
struct SettingsRequest {
    navn: String,
    version: String,
    indstillinger: BookForm,
}

/// `POST api/bog/indstillinger`: the form written into `bog.toml` (comments and settings the
/// form does not show stay), saved through the store: atomic, the old file in the history,
/// refused with both versions when the file changed since the desk opened it.
fn settings(desk: &Desk, req: &DeskRequest) -> Result<Reply, Reply> {
    let root = desk.root();
    let asked: SettingsRequest = req.json()?;
    let name = child_book(root, Some(&asked.navn))?;
    let file = book_file(root, &name)?;
    let written = form::write(&file.text, &asked.indstillinger, &file.shown).map_err(|d| {
        let status = if d.code == "I001" { 500 } else { 400 };
        diagnostics_reply(status, &Diagnostics(vec![d]))
    })?;
    match desk
        .store
        .save(&file.path, written.as_bytes(), &asked.version)
    {
        Ok(version) => {
            // Saved as typed; what the book will still refuse (a CPR number) is shown at once.
            let problems: Vec<_> = crate::text::privacy::cpr_diagnostics(&written, &file.shown)
                .iter()
                .map(problem_json)
                .collect();
            Ok(Reply::json(
                200,
                &json!({"version": version, "problemer": problems}),
            ))
        }
        Err(store::SaveError::Conflict { disk }) => {
            let disk_text = disk
                .as_deref()
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default();
            let theirs = form::read(&disk_text, &file.shown).ok();
            let problem = Problem::from(crate::problems::ServeProblem::DeskConflict {
                id: format!("{}/{name}/{BOOK_FILE}", crate::handbook::load::BOOKS_DIR),
            });
            let text = problem.text(crate::problems::language());
            Ok(Reply::json(
                409,
                &json!({
                    "fejl": {"kode": problem.code().to_string(), "besked": text.message, "hint": text.hint},
                    "konflikt": {
                        "disk": {"indstillinger": theirs, "raa": disk_text, "version": disk.as_deref().map(store::version)},
                        "din": {"indstillinger": asked.indstillinger, "raa": written},
                    },
                }),
            ))
        }
        Err(store::SaveError::Io(e)) => Err(error_reply(
            root,
            &file.shown,
            Error::io("gemme", &file.path, e),
        )),
    }
}

#[derive(Deserialize)]
struct OrderRequest {
    navn: String,
    kapitler: Vec<String>,
}

/// `POST api/bog/raekkefoelge`: the chapters renumbered in the order given; answers the new list
/// (their ids change with their numbers).
fn order(desk: &Desk, req: &DeskRequest) -> Result<Reply, Reply> {
    let root = desk.root();
    let asked: OrderRequest = req.json()?;
    let name = child_book(root, Some(&asked.navn))?;
    let dir = Scope::book(root, &name).dir();
    let shown = dir.strip_prefix(root).unwrap_or(&dir).to_path_buf();
    let moved =
        form::reorder(root, &name, &asked.kapitler).map_err(|e| error_reply(root, &shown, e))?;
    move_desk_files(&dir, &moved);
    Ok(Reply::json(
        200,
        &json!({"kapitler": form::chapters(root, &name)}),
    ))
}

/// The drafts and histories the desk keeps beside renamed chapters follow them (best effort: a
/// chapter is never held back by its history).
fn move_desk_files(dir: &Path, moved: &[(String, String)]) {
    let desk_dir = dir.join(store::DESK_DIR);
    if !crate::project::files::is_own_dir(&desk_dir, 1) {
        return;
    }
    let drafts: Vec<(String, String)> = moved
        .iter()
        .map(|(a, b)| (format!("{a}.kladde"), format!("{b}.kladde")))
        .filter(|(a, _)| desk_dir.join(a).is_file())
        .collect();
    let history = desk_dir.join("historik");
    let histories: Vec<(String, String)> = moved
        .iter()
        .filter(|(a, _)| history.join(a).is_dir())
        .cloned()
        .collect();
    let _ = form::rename_all(&desk_dir, &drafts);
    if crate::project::files::is_own_dir(&history, 2) {
        let _ = form::rename_all(&history, &histories);
    }
}

#[derive(Deserialize)]
struct NewRequest {
    titel: String,
}

/// `POST api/bog/ny {"titel": "Emma"}`: a new book with the standard chapters, as `new bog`
/// makes it; answers its name.
fn new(desk: &Desk, req: &DeskRequest) -> Result<Reply, Reply> {
    let root = desk.root();
    let asked: NewRequest = req.json()?;
    let shown =
        Path::new(crate::handbook::load::CONTENT_DIR).join(crate::handbook::load::BOOKS_DIR);
    crate::book::scaffold::new_book(root, &asked.titel)
        .map_err(|e| error_reply(root, &shown, e))?;
    let name = crate::book::scaffold::check_name(&asked.titel)
        .map_err(|e| error_reply(root, &shown, e))?;
    Ok(Reply::json(200, &json!({"navn": name})))
}

/// `GET api/bog/pdf?navn=emma&udgave=almindelig|overgang&modtager=…`: the PDF, built in memory
/// by the book pipeline, as a download. A transition edition (and a PDF/A copy) is recorded in
/// the book's copies log before it is handed out, as `bogbinder book` does.
fn pdf(desk: &Desk, req: &DeskRequest) -> Result<Reply, Reply> {
    let root = desk.root();
    let name = child_book(root, req.param("navn"))?;
    let shown = Path::new(crate::handbook::load::CONTENT_DIR)
        .join(crate::handbook::load::BOOKS_DIR)
        .join(&name)
        .join(BOOK_FILE);
    let overgang = match req.param("udgave").unwrap_or("almindelig") {
        "almindelig" => None,
        // No recipient named: the consent's absence says who may have it.
        "overgang" => Some(req.param("modtager").unwrap_or_default().to_string()),
        other => {
            let problem = crate::problems::ServeProblem::DeskBadRequest {
                reason: format!("udgave={other}: skriv almindelig eller overgang"),
            };
            return Err(Reply::problem(400, problem));
        }
    };
    let request = BookRequest {
        name,
        overgang,
        ..BookRequest::default()
    };
    let (file, bytes) = build_pdf(root, &request).map_err(|e| error_reply(root, &shown, e))?;
    Ok(Reply::new(200, "application/pdf", bytes).header(
        "content-disposition",
        &format!("attachment; filename=\"{file}\""),
    ))
}

/// A book's PDF made in memory: its file name and bytes. Nothing is written but the copies log's
/// line, when the edition is one to account for.
fn build_pdf(root: &Path, req: &BookRequest) -> crate::Result<(String, Vec<u8>)> {
    let config = Config::load(root)?;
    let book = crate::book::load(root, &config, req)?;
    let prepared = crate::book::prepare(root, &config, book, &crate::book::photo_cache(root))?;
    let pdf = prepared.pdf()?;
    // The slug is the folder's name (a slug) and the recipient's slug: safe in a header.
    let file = prepared.pdf_name();
    let now = crate::book::copies::now_local();
    if let Some(record) = crate::book::copies::record_of(&prepared.book, &file, &pdf.bytes, &now) {
        crate::book::copies::append(&prepared.book.files, root, &record)?;
    }
    Ok((file, pdf.bytes))
}

/// Refusals of files that are not the book's own, in its words.
pub(super) fn refusal_reply(scope: &Scope, r: &Refusal, shown: &Path, named: &str) -> Reply {
    let status = if *r == Refusal::Missing { 404 } else { 400 };
    diagnostics_reply(
        status,
        &Diagnostics(vec![scope.diagnostic(r, shown, named)]),
    )
}

/// The photo folder of a book, as messages name it.
pub(super) fn photo_dir(root: &Path, book: &str) -> (PathBuf, PathBuf) {
    let dir = Scope::book(root, book).dir().join(PHOTO_DIR);
    let shown = dir.strip_prefix(root).unwrap_or(&dir).to_path_buf();
    (dir, shown)
}
