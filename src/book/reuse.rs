//! A rebuild that would make the same PDF takes the one already made. Typst decodes every photo
//! of the book in full before laying it out (its API decodes eagerly), so with the photo cache
//! warm that decoding was most of a rebuild (perf: 40% of the CPU in the JPEG decoder for 40
//! photos). When nothing the PDF is made from has changed (the markup, the photos' bytes, the
//! PDF's options and date, the program itself), the PDF in the output folder is taken again.
//!
//! Only a key is kept (`.bogbinder-cache/pdf/<slug>`): the hash of the inputs, the hash of the
//! PDF made from them and its page count. The PDF itself is read back from the output folder and
//! used only if its bytes have that hash, so no copy of a child's book is kept anywhere else.

use super::pdf::Pdf;
use std::path::{Path, PathBuf};

/// The key file of one book's PDF.
pub struct Reuse {
    file: PathBuf,
}

impl Reuse {
    pub fn new(root: &Path, slug: &str) -> Reuse {
        Reuse {
            file: root.join(super::CACHE_DIR).join("pdf").join(slug),
        }
    }

    /// The PDF made last time from inputs with this `key`, if the output folder still has it
    /// unchanged at `pdf_path`.
    pub fn get(&self, key: &str, pdf_path: &Path) -> Option<Pdf> {
        let saved = std::fs::read_to_string(&self.file).ok()?;
        let mut parts = saved.split_whitespace();
        let (k, hash, pages) = (parts.next()?, parts.next()?, parts.next()?);
        if k != key {
            return None;
        }
        // Only a plain file: the output folder is replaced on each build, never followed.
        if !std::fs::symlink_metadata(pdf_path).ok()?.is_file() {
            return None;
        }
        let bytes = std::fs::read(pdf_path).ok()?;
        (blake3::hash(&bytes).to_hex().as_str() == hash).then(|| Pdf {
            pages: pages.parse().unwrap_or(0),
            bytes,
        })
    }

    /// Remembers that inputs with `key` made `pdf`. Only speed: a key that cannot be written
    /// means the next build compiles again.
    pub fn put(&self, key: &str, pdf: &Pdf) {
        if let Some(dir) = self.file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let line = format!(
            "{key} {} {}\n",
            blake3::hash(&pdf.bytes).to_hex(),
            pdf.pages
        );
        let _ = std::fs::write(&self.file, line);
    }
}

/// The hash of everything a PDF is made from: the program (its version and the executable's
/// size and time, so a rebuilt bogbinder never takes a PDF of an older one), the markup as
/// compiled (which holds the PDF/A and archive options), the photos by name and bytes, and the
/// day (the timestamp of a PDF/A, and typst's today).
pub fn key<'p>(
    markup: &str,
    photos: impl Iterator<Item = (&'p str, &'p [u8])>,
    day: crate::text::i18n::Date,
) -> String {
    let mut h = blake3::Hasher::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    if let Some(m) = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
    {
        h.update(&m.len().to_le_bytes());
        let t = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        h.update(&t.to_le_bytes());
    }
    let part = |h: &mut blake3::Hasher, bytes: &[u8]| {
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    part(&mut h, markup.as_bytes());
    for (name, bytes) in photos {
        part(&mut h, name.as_bytes());
        part(&mut h, bytes);
    }
    part(&mut h, day.iso().as_bytes());
    h.finalize().to_hex().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_change_of_input_changes_the_key() {
        let d = |day| crate::text::i18n::Date {
            year: 2026,
            month: 12,
            day,
        };
        let photos = [("billeder/01.jpg", &b"abc"[..])];
        let k = key("#x", photos.iter().copied(), d(2));
        assert_eq!(k, key("#x", photos.iter().copied(), d(2)));
        assert_ne!(k, key("#y", photos.iter().copied(), d(2)));
        assert_ne!(
            k,
            key("#x", [("billeder/01.jpg", &b"abd"[..])].into_iter(), d(2))
        );
        assert_ne!(
            k,
            key("#x", [("billeder/02.jpg", &b"abc"[..])].into_iter(), d(2))
        );
        assert_ne!(k, key("#x", photos.iter().copied(), d(3)));
        // Where one part ends and the next begins is part of the key.
        assert_ne!(
            key("#xbillede", [("r/01.jpg", &b""[..])].into_iter(), d(2)),
            key("#x", [("billeder/01.jpg", &b""[..])].into_iter(), d(2))
        );
    }
}
