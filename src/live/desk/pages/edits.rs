//! The desk's other page actions: a new page from its kind's template (`POST api/side/ny`), the
//! autosaved draft (`POST api/side/kladde`, `POST api/side/kladde/slet`) and the history
//! (`GET api/historik`, `GET api/historik/vis`, `POST api/historik/gendan`).

use super::super::store;
use super::super::{Desk, DeskRequest, Reply};
use super::form;
use crate::problems::ServeProblem;
use crate::project::new_page::NewPage;
use hyper::Method;
use serde::Deserialize;
use serde_json::{json, Map, Value};

pub fn route(desk: &Desk, req: &DeskRequest) -> Option<Reply> {
    let reply = match (&req.method, req.path.as_str()) {
        (&Method::POST, "api/side/ny") => new(desk, req),
        (&Method::POST, "api/side/kladde") => draft(desk, req),
        (&Method::POST, "api/side/kladde/slet") => drop_draft(desk, req),
        (&Method::GET, "api/historik") => history(desk, req),
        (&Method::GET, "api/historik/vis") => show(desk, req),
        (&Method::POST, "api/historik/gendan") => restore(desk, req),
        _ => return None,
    };
    Some(reply.unwrap_or_else(|r| r))
}

fn bad(reason: impl Into<String>) -> Reply {
    Reply::problem(
        400,
        ServeProblem::DeskBadRequest {
            reason: reason.into(),
        },
    )
}

#[derive(Deserialize)]
struct NewRequest {
    #[serde(rename = "type")]
    kind: String,
    titel: String,
}

/// `POST api/side/ny`: the page is made as `bogbinder new` makes it (same template, same name
/// rules, never over an existing page); the answer is its id.
fn new(desk: &Desk, req: &DeskRequest) -> Result<Reply, Reply> {
    let r: NewRequest = req.json()?;
    let kind = match r.kind.as_str() {
        "metode" => NewPage::Metode,
        "eksempel" => NewPage::Eksempel,
        "redskab" => NewPage::Redskab,
        "kursus" => NewPage::Kursus,
        other => return Err(bad(format!("ukendt type {other:?}"))),
    };
    let today = crate::book::pdf::today().iso();
    let path = crate::project::new_page::new_page(desk.root(), kind, &r.titel, &today).map_err(
        |e| match e.problem() {
            Some(p) => Reply::problem(409, p),
            None => bad(e.to_string()),
        },
    )?;
    let content = desk.root().join(crate::project::CONTENT_DIR);
    let id = path
        .strip_prefix(&content)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .map_err(|_| bad("siden blev lavet uden for content/"))?;
    Ok(Reply::json(201, &json!({"id": id})))
}

#[derive(Deserialize)]
struct DraftRequest {
    id: String,
    #[serde(default)]
    felter: Map<String, Value>,
    tekst: String,
}

/// `POST api/side/kladde`: the text being written, kept beside the file until it is saved.
fn draft(desk: &Desk, req: &DeskRequest) -> Result<Reply, Reply> {
    let r: DraftRequest = req.json()?;
    let path = desk.document(&r.id)?;
    let json = json!({"felter": r.felter, "tekst": r.tekst});
    desk.store
        .save_draft(&path, &json)
        .map_err(|e| cannot_save(&r.id, &e))?;
    Ok(Reply::json(200, &json!({"gemt": store::now_iso()})))
}

#[derive(Deserialize)]
struct IdRequest {
    id: String,
}

/// `POST api/side/kladde/slet`: the writer threw the draft away.
fn drop_draft(desk: &Desk, req: &DeskRequest) -> Result<Reply, Reply> {
    let r: IdRequest = req.json()?;
    store::remove_draft(&desk.document(&r.id)?);
    Ok(Reply::json(200, &json!({})))
}

fn cannot_save(id: &str, e: &std::io::Error) -> Reply {
    Reply::problem(
        500,
        ServeProblem::DeskCannotSave {
            id: id.to_string(),
            error: crate::problems::io_words(e),
        },
    )
}

/// `GET api/historik?id=…`: the earlier versions, newest first.
fn history(desk: &Desk, req: &DeskRequest) -> Result<Reply, Reply> {
    let path = desk.document(req.param("id").unwrap_or_default())?;
    let versions: Vec<Value> = store::history(&path)
        .into_iter()
        .map(|v| json!({"v": v.v, "gemt": v.saved, "bytes": v.bytes}))
        .collect();
    Ok(Reply::json(200, &json!({"versioner": versions})))
}

/// The bytes of version `v` of document `id`, or the 404 answer.
fn version_of(desk: &Desk, id: &str, v: &str) -> Result<(std::path::PathBuf, Vec<u8>), Reply> {
    let path = desk.document(id)?;
    let bytes = store::history_version(&path, v).ok_or_else(|| {
        Reply::problem(404, ServeProblem::DeskUnknownVersion { id: id.to_string() })
    })?;
    Ok((path, bytes))
}

/// `GET api/historik/vis?id=…&v=…`: one earlier version, as a form and as it was on disk.
fn show(desk: &Desk, req: &DeskRequest) -> Result<Reply, Reply> {
    let id = req.param("id").unwrap_or_default();
    let (_, bytes) = version_of(desk, id, req.param("v").unwrap_or_default())?;
    let raw = String::from_utf8_lossy(&bytes).into_owned();
    let page = form::Page::parse(&raw, &super::taxonomies(desk));
    Ok(Reply::json(
        200,
        &json!({"felter": page.fields, "tekst": page.body, "raa": raw}),
    ))
}

#[derive(Deserialize)]
struct RestoreRequest {
    id: String,
    v: String,
    version: String,
}

/// `POST api/historik/gendan`: an earlier version saved as the page, like any save (the version
/// it replaces goes to the history, so a restore can be undone; a changed file is a conflict).
fn restore(desk: &Desk, req: &DeskRequest) -> Result<Reply, Reply> {
    let r: RestoreRequest = req.json()?;
    let (path, bytes) = version_of(desk, &r.id, &r.v)?;
    let raw = String::from_utf8_lossy(&bytes).into_owned();
    let page = form::Page::parse(&raw, &super::taxonomies(desk));
    super::write(
        desk,
        &r.id,
        &path,
        &bytes,
        &r.version,
        &page.fields,
        &page.body,
    )
}
