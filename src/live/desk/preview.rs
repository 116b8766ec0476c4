//! What the desk tells about a page's text: the build's own problems, at lines of the file as
//! it is (or would be) saved.

use super::Desk;
use serde_json::Value;
use std::path::Path;

/// The problems of `text` as document `id`: its front matter as the loader reads it.
pub fn check_text(_desk: &Desk, id: &str, text: &str) -> Vec<Value> {
    let file = Path::new(crate::project::CONTENT_DIR).join(id);
    let split = match crate::handbook::frontmatter::split(text, &file) {
        Ok(s) => s,
        Err(d) => return vec![super::pages::problem_json(&d)],
    };
    match crate::handbook::frontmatter::parse(&split, &file) {
        Ok(_) => Vec::new(),
        Err(d) => vec![super::pages::problem_json(&d)],
    }
}
