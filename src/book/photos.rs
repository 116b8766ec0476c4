//! A book's photos: found (cover, photo pages, images in the text), checked, and processed once for
//! print: upright, without metadata, scaled (see [`crate::media::images`]). Both the HTML and the PDF use
//! the same processed files, named `billeder/NN.jpg` after their order in the book.

use super::model::{Block, Book, MarkdownText, Photo};
use crate::error::{Diagnostic, Diagnostics, Error, LineIndex, Result};
use crate::media::images::{PhotoCache, PhotoKind, UsedAt, MAX_IMAGE_BYTES, PRINT_MAX_SIDE};
use crate::media::nearest::nearest_file;
use crate::problems::MarkdownProblem;
use crate::project::files::{Refusal, Scope};
use crate::text::dialect::{self, decode_link_path, join_inside, External, LinkKind};
use pulldown_cmark::{Event, Parser, Tag};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The processed photos of one book.
#[derive(Debug, Default)]
pub struct Processed {
    /// Output name (`billeder/03.jpg`) and bytes, in book order.
    files: Vec<(String, Vec<u8>)>,
    by_source: HashMap<PathBuf, usize>,
    /// Output names of photos taller than wide (laid out by height in print).
    portrait: std::collections::HashSet<String>,
}

impl Processed {
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(n, b)| (n.as_str(), b.as_slice()))
    }
    /// A processed photo by its output name (`billeder/03.jpg`).
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.as_slice())
    }
    pub fn len(&self) -> usize {
        self.files.len()
    }
    pub fn is_portrait(&self, name: &str) -> bool {
        self.portrait.contains(name)
    }
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
    /// The output name of a photo by its source file.
    pub fn name_of(&self, source: &Path) -> Option<&str> {
        self.by_source
            .get(source)
            .map(|&i| self.files[i].0.as_str())
    }
    /// The output name of an image written in Markdown text, if it is a photo of this book.
    pub fn name_in(&self, md: &MarkdownText, dest: &str) -> Option<&str> {
        resolve(md, dest).ok().and_then(|p| self.name_of(&p))
    }
}

/// Every photo of the book, processed in parallel; all problems are reported together.
pub fn process(book: &Book, cache: &PhotoCache) -> Result<Processed> {
    let mut diags = Diagnostics::default();
    // Each photo once, with the scope it is read through (the book's, or a text's) and the first
    // line that uses it (named in messages about the file).
    let mut sources: Vec<(PathBuf, PathBuf, Arc<Scope>, UsedAt)> = Vec::new();
    let mut add = |source: &Path, shown: &Path, scope: &Arc<Scope>, used_at: &UsedAt| {
        if !sources.iter().any(|(s, _, _, _)| s == source) {
            sources.push((
                source.to_path_buf(),
                shown.to_path_buf(),
                Arc::clone(scope),
                used_at.clone(),
            ));
        }
    };
    if let Some(c) = &book.cover {
        add(&c.source, &c.shown, &book.files, &c.used_at);
    }
    for ch in &book.chapters {
        for b in &ch.blocks {
            match b {
                Block::Photos(ps) => ps
                    .iter()
                    .for_each(|p: &Photo| add(&p.source, &p.shown, &book.files, &p.used_at)),
                Block::Timeline(entries) => entries
                    .iter()
                    .filter_map(|e| e.photo.as_ref())
                    .for_each(|p| add(&p.source, &p.shown, &book.files, &p.used_at)),
                Block::Markdown(md) => match markdown_images_used(md) {
                    Ok(list) => list.iter().for_each(|(p, used_at)| {
                        add(p, p.strip_prefix(&md.root).unwrap_or(p), &md.scope, used_at);
                    }),
                    Err(d) => diags.extend(d),
                },
                _ => {}
            }
        }
    }
    let results: Vec<std::result::Result<(Vec<u8>, PhotoKind), Diagnostic>> = sources
        .par_iter()
        .map(|(source, shown, scope, used_at)| {
            // Checked again as it is read: it may have been swapped for a link since.
            let bytes = scope.read(source, MAX_IMAGE_BYTES).map_err(|r| match r {
                Refusal::TooLarge { bytes, .. } => {
                    used_at.place(crate::media::images::too_large(shown, bytes))
                }
                r => scope.diagnostic(&r, shown, &shown.display().to_string()),
            })?;
            cache
                .get(source, &bytes, shown, PRINT_MAX_SIDE)
                .map_err(|d| used_at.place(d))
        })
        .collect();
    let mut out = Processed::default();
    for (i, ((source, _, _, _), r)) in sources.into_iter().zip(results).enumerate() {
        match r {
            Ok((bytes, kind)) => {
                let ext = match kind {
                    PhotoKind::Jpeg => "jpg",
                    PhotoKind::Png => "png",
                    PhotoKind::Webp => "webp",
                };
                let name = format!("billeder/{:02}.{ext}", i + 1);
                let dims = image::ImageReader::new(std::io::Cursor::new(&bytes))
                    .with_guessed_format()
                    .ok()
                    .and_then(|r| r.into_dimensions().ok());
                if dims.is_some_and(|(w, h)| h * 4 > w * 3) {
                    out.portrait.insert(name.clone());
                }
                out.by_source.insert(source, out.files.len());
                out.files.push((name, bytes));
            }
            Err(d) => diags.push(d),
        }
    }
    diags.into_result().map_err(|e| match e {
        Error::Invalid(d) => Error::Invalid(d.sorted()),
        other => other,
    })?;
    Ok(out)
}

/// The photo files a Markdown text shows, or what is wrong with its image paths.
pub fn markdown_images(md: &MarkdownText) -> std::result::Result<Vec<PathBuf>, Vec<Diagnostic>> {
    markdown_images_used(md).map(|list| list.into_iter().map(|(p, _)| p).collect())
}

/// The photo files a Markdown text shows with the place each is named.
fn markdown_images_used(
    md: &MarkdownText,
) -> std::result::Result<Vec<(PathBuf, UsedAt)>, Vec<Diagnostic>> {
    let mut found = Vec::new();
    let mut diags = Vec::new();
    let lines = LineIndex::new(&md.text);
    for (dest, offset) in images_in(&md.text) {
        let (l, c) = lines.line_col(offset);
        let line = l + md.line - 1;
        match resolve(md, &dest) {
            Ok(p) => found.push((
                p,
                UsedAt {
                    file: md.file.clone(),
                    line,
                    column: c,
                },
            )),
            Err(d) => diags.push(d.at(line, c)),
        }
    }
    if diags.is_empty() {
        Ok(found)
    } else {
        Err(diags)
    }
}

/// Image destinations in Markdown text with their byte offsets in the text as written.
pub fn images_in(text: &str) -> Vec<(String, usize)> {
    let prepared = dialect::prepare(text);
    Parser::new_ext(&prepared.text, dialect::options())
        .into_offset_iter()
        .filter_map(|(ev, range)| match ev {
            Event::Start(Tag::Image { dest_url, .. }) => {
                Some((dest_url.to_string(), prepared.written_offset(range.start)))
            }
            _ => None,
        })
        .collect()
}

/// The file an image path in Markdown names: relative to the text's folder, never outside the
/// book's (or the content's) folder and never from the network. The problem has no place yet.
pub fn resolve(md: &MarkdownText, dest: &str) -> std::result::Result<PathBuf, Diagnostic> {
    let problem = |p: MarkdownProblem| Diagnostic::of(&md.file, p);
    let outside = || {
        problem(MarkdownProblem::ImageOutsideBook {
            dest: dest.to_string(),
        })
    };
    // `@/` starts at the root of what the text may read (`content/` for a compendium, as in the
    // handbook; the book's folder for a child's book), a relative path at the text's folder.
    let (from_root, path) = match LinkKind::of(dest) {
        LinkKind::External(External::Web) => {
            return Err(problem(MarkdownProblem::ImageOnWeb {
                dest: dest.to_string(),
            }))
        }
        LinkKind::External(_) => {
            return Err(problem(MarkdownProblem::ImageNotAFile {
                dest: dest.to_string(),
            }))
        }
        LinkKind::RootAbsolute => return Err(outside()),
        LinkKind::Empty | LinkKind::Anchor(_) => (false, ""),
        LinkKind::Content { path, .. } => (true, path),
        LinkKind::Relative { path, .. } => (false, path),
    };
    let limit = md.scope.dir();
    let base = if from_root {
        String::new()
    } else {
        md.dir
            .strip_prefix(&limit)
            .map_err(|_| outside())?
            .to_string_lossy()
            .replace('\\', "/")
    };
    let written = decode_link_path(path);
    let relative = join_inside(&base, &written).ok_or_else(outside)?;
    let path = limit.join(relative);
    // What the file really is decides (see `crate::project::files`): a compendium never takes a child's
    // photo, a book nothing from outside its folder, nobody anything through a link.
    match md.scope.check(&path) {
        Ok(()) => Ok(path),
        Err(Refusal::Missing) => {
            // The nearest photo the text may show, written as the text would name it.
            let from = if from_root { limit } else { md.dir.clone() };
            let meant = nearest_file(&md.scope, &from, &written).map(|m| {
                if from_root {
                    format!("@/{m}")
                } else {
                    m
                }
            });
            Err(problem(MarkdownProblem::ImageMissing {
                dest: dest.to_string(),
                meant,
            }))
        }
        Err(r) => Err(md.scope.diagnostic(&r, &md.file, dest)),
    }
}
