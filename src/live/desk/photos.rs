//! A photo uploaded in the editing desk, stored in the book's `billeder/` folder.
//!
//! What reaches the disk is only pixels: the upload is decoded within the limits of
//! [`crate::media::images`] (file size, pixels claimed by the header, decoder memory), turned
//! upright by its EXIF orientation and encoded anew by the same encoder the books use, so no EXIF,
//! XMP, ICC or text chunk of the phone's file (a GPS position) is ever written into the project.
//! The name is the uploader's, kept readable (spaces, æøå) but made safe: one plain file name in
//! `billeder/`, never a path, a hidden name or a file that is already there.

use super::{books, Desk, DeskRequest, Reply};
use crate::book::barnetsbog::PHOTO_DIR;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::media::asset_screen::{self, Screened};
use crate::media::images::{self, PhotoKind, MAX_IMAGE_BYTES};
use crate::problems::FileProblem;
use crate::project::files::Scope;
use hyper::Method;
use std::io::Write;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// Longest side kept of an uploaded photo: more than print needs (1800 px, see
/// [`images::PRINT_MAX_SIDE`]) for a photo cropped later, and a 48-megapixel phone photo is not
/// stored at 15 MB to be scaled down again in every build.
pub const STORE_MAX_SIDE: u32 = 3600;

/// Longest name kept, in bytes, before the number and extension (file systems allow 255).
const MAX_STEM_BYTES: usize = 80;

/// What an upload became: the stored file's name in `billeder/` and the Markdown that shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Stored {
    /// The file name inside `billeder/` (`Første skoledag.jpg`).
    pub fil: String,
    /// `![Billedtekst](billeder/Første skoledag.jpg)`, to insert in a chapter.
    pub markdown: String,
}

/// The uploaded bytes as a clean photo: its kind and its new bytes (upright, without metadata).
/// `named` is the name the browser gave, `shown` how messages name the upload.
pub fn clean(
    bytes: &[u8],
    named: &str,
    shown: &Path,
) -> std::result::Result<(PhotoKind, Vec<u8>), Diagnostic> {
    if bytes.len() as u64 > MAX_IMAGE_BYTES {
        return Err(images::too_large(shown, bytes.len() as u64));
    }
    // The bytes decide: a phone's JPEG called `.HEIC` is a JPEG, and a HEIC called `.jpg` is not.
    let kind = match asset_screen::screen(bytes) {
        Ok(Screened::Photo(kind)) => kind,
        refused => {
            let by_name = images::photo_kind(Path::new(named));
            let problem = if asset_screen::is_heic(bytes) || by_name == Err(FileProblem::Heic) {
                FileProblem::Heic
            } else if let Err(p) = by_name {
                p
            } else if let Err(p) = refused {
                p
            } else {
                FileProblem::NotAnImage
            };
            return Err(Diagnostic::of(shown, problem));
        }
    };
    let img = images::load_scaled_upright(bytes, shown, STORE_MAX_SIDE)?;
    Ok((kind, images::encode(&img, kind, shown)?))
}

/// The readable, safe part of an uploaded name, without its extension: letters and digits of any
/// language, spaces and `-_.,`; everything else (`/ \ # % " ' < > ( ) [ ]`, control and
/// direction characters) becomes a space, so no path, no Markdown and no URL syntax is left, and
/// no name starts with a dot. `foto` when nothing is left.
pub fn safe_stem(wanted: &str) -> String {
    // A browser may send `C:\fakepath\x.jpg`; a crafted request `../../x.jpg`: the last part only.
    let last = wanted.rsplit(['/', '\\']).next().unwrap_or_default();
    let nfc: String = last.nfc().collect();
    let stem = match nfc.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && (1..=5).contains(&ext.len())
                && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            stem
        }
        _ => nfc.as_str(),
    };
    let kept: String = stem
        .chars()
        // An apostrophe joins (`Emma's` → `Emmas`); every other sign parts words.
        .filter(|c| !matches!(c, '\'' | '’'))
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ',') {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut stem = words
        .trim_matches(|c: char| c == '.' || c == '-' || c.is_whitespace())
        .to_string();
    if stem.len() > MAX_STEM_BYTES {
        let mut cut = MAX_STEM_BYTES;
        while !stem.is_char_boundary(cut) {
            cut -= 1;
        }
        stem.truncate(cut);
        stem = stem.trim_end_matches([' ', '.', '-']).to_string();
    }
    // Names Windows keeps for devices, for a project synced to a Windows PC.
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&stem.to_uppercase().as_str())
        || (stem.len() == 4
            && ["COM", "LPT"].contains(&stem[..3].to_uppercase().as_str())
            && stem[3..].chars().all(|c| c.is_ascii_digit()));
    if stem.is_empty() {
        "foto".to_string()
    } else if reserved {
        format!("{stem} foto")
    } else {
        stem
    }
}

/// The Markdown that shows `file` of `billeder/`. Written plainly, as a writer would: the
/// dialect reads destinations with spaces ([`crate::text::dialect::prepare`]), and a stored name
/// holds nothing else that Markdown or a URL would read ([`safe_stem`]).
pub fn markdown_for(file: &str) -> String {
    format!("![Billedtekst]({PHOTO_DIR}/{file})")
}

fn extension(kind: PhotoKind) -> &'static str {
    match kind {
        PhotoKind::Jpeg => "jpg",
        PhotoKind::Png => "png",
        PhotoKind::Webp => "webp",
    }
}

/// Stores an uploaded photo in `content/boeger/<book>/billeder/`, cleaned (see [`clean`]), under
/// the uploader's name made safe; a name already taken gets a number (`navn 2.jpg`), so nothing
/// is overwritten. The file appears whole or not at all (written beside, then renamed).
pub fn store(root: &Path, book: &str, wanted: &str, bytes: &[u8]) -> Result<Stored> {
    let scope = Scope::book(root, book);
    let book_dir = scope.dir();
    let dir = book_dir.join(PHOTO_DIR);
    let shown_dir = dir.strip_prefix(root).unwrap_or(&dir).to_path_buf();
    let stem = safe_stem(wanted);
    let invalid = |d: Diagnostic| Error::Invalid(Diagnostics(vec![d]));
    let (kind, clean) = clean(bytes, wanted, &shown_dir.join(&stem)).map_err(invalid)?;
    let ext = extension(kind);
    if let Some(d) = crate::text::privacy::cpr_in_name(&shown_dir.join(format!("{stem}.{ext}"))) {
        return Err(invalid(d));
    }
    // The book's folder and its photo folder are the project's own, never reached by a link.
    let refuse = |r| invalid(scope.diagnostic(&r, &shown_dir, PHOTO_DIR));
    scope.check_dir(&book_dir).map_err(refuse)?;
    if std::fs::symlink_metadata(&dir).is_err() {
        std::fs::create_dir(&dir).map_err(|e| Error::io("oprette", &dir, e))?;
    }
    scope.check_dir(&dir).map_err(refuse)?;

    let tmp = write_beside(&dir, &clean)?;
    let mut n = 1;
    let file = loop {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem} {n}.{ext}")
        };
        match crate::book::form::rename_no_replace(&tmp, &dir.join(&name)) {
            Ok(()) => break name,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 10_000 => n += 1,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(Error::io("gemme", dir.join(name), e));
            }
        }
    };
    sync_dir(&dir);
    Ok(Stored {
        markdown: markdown_for(&file),
        fil: file,
    })
}

/// Writes `bytes` to a new hidden file in `dir` (never read as content), flushed to the disk.
fn write_beside(dir: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let tmp = dir.join(format!(".bogbinder-upload-{}-{nanos}", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io("gemme", &tmp, e)
    })?;
    Ok(tmp)
}

/// Flushes a folder's entries (the rename) to the disk where the system allows; best effort.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Longest side of a photo shown in the desk (a preview, not the print).
const PREVIEW_SIDE: u32 = 1200;

/// Answers the photo endpoints: `POST api/bog/foto?navn=&fil=` (the body is the photo) and
/// `GET api/bog/foto?navn=&fil=` (a stored photo, scaled, without metadata).
pub fn route(desk: &Desk, req: &DeskRequest) -> Option<Reply> {
    let reply = match (&req.method, req.path.as_str()) {
        (&Method::POST, "api/bog/foto") => upload(desk, req),
        (&Method::GET, "api/bog/foto") => show(desk, req),
        _ => return None,
    };
    Some(reply.unwrap_or_else(|r| r))
}

fn upload(desk: &Desk, req: &DeskRequest) -> std::result::Result<Reply, Reply> {
    let root = desk.root();
    let book = books::child_book(root, req.param("navn"))?;
    let wanted = req.param("fil").unwrap_or_default();
    match store(root, &book, wanted, &req.body) {
        Ok(stored) => Ok(Reply::json(200, &serde_json::json!(stored))),
        Err(e) => {
            let (_, shown) = books::photo_dir(root, &book);
            let too_large = e
                .diagnostics()
                .is_some_and(|d| d.0.iter().any(|d| d.code == "F027"));
            let reply = books::error_reply(root, &shown, e);
            Err(if too_large {
                Reply {
                    status: 413,
                    ..reply
                }
            } else {
                reply
            })
        }
    }
}

/// A photo of the book's `billeder/` by its file name (nothing else: no path, no hidden name),
/// processed as the book processes it, so what the desk shows has no metadata either.
fn show(desk: &Desk, req: &DeskRequest) -> std::result::Result<Reply, Reply> {
    let root = desk.root();
    let book = books::child_book(root, req.param("navn"))?;
    let file = req.param("fil").unwrap_or_default();
    let (dir, shown_dir) = books::photo_dir(root, &book);
    let scope = Scope::book(root, &book);
    let shown = shown_dir.join(file);
    let plain = !file.is_empty()
        && !file.contains(['/', '\\'])
        && !crate::project::files::is_ignored_name(file);
    if !plain {
        return Err(books::refusal_reply(
            &scope,
            &crate::project::files::Refusal::Missing,
            &shown,
            file,
        ));
    }
    let path = dir.join(file);
    let bytes = scope
        .read(&path, MAX_IMAGE_BYTES)
        .map_err(|r| books::refusal_reply(&scope, &r, &shown, file))?;
    let (bytes, kind) = crate::book::photo_cache(root)
        .get(&path, &bytes, &shown, PREVIEW_SIDE)
        .map_err(|d| books::diagnostics_reply(400, &Diagnostics(vec![d])))?;
    let ctype = match kind {
        PhotoKind::Jpeg => "image/jpeg",
        PhotoKind::Png => "image/png",
        PhotoKind::Webp => "image/webp",
    };
    Ok(Reply::new(200, ctype, bytes))
}

/// The photos in a book's `billeder/` (plain files with a photo's name, no links, no hidden
/// names), with the desk's address of each.
pub fn listed(root: &Path, book: &str) -> Vec<serde_json::Value> {
    let (dir, _) = books::photo_dir(root, book);
    let scope = Scope::book(root, book);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !crate::project::files::is_ignored_name(n))
        .filter(|n| matches!(images::photo_kind(Path::new(n)), Ok(Some(_))))
        .filter(|n| scope.check(&dir.join(n)).is_ok())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|fil| {
            let url = format!(
                "{}api/bog/foto?navn={}&fil={}",
                super::PREFIX,
                query_encode(book),
                query_encode(&fil)
            );
            serde_json::json!({"fil": fil, "url": url, "markdown": markdown_for(&fil)})
        })
        .collect()
}

/// A query value percent-encoded (everything but unreserved ASCII).
fn query_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{GenericImageView, Rgb, RgbImage};

    /// A 60×40 JPEG, red in its top-left corner, with an EXIF block holding a GPS position and
    /// orientation 6 ("turn 90° clockwise to show"), as a phone writes it.
    fn phone_jpeg() -> Vec<u8> {
        let img = RgbImage::from_fn(60, 40, |x, y| {
            if x < 15 && y < 10 {
                Rgb([250, 0, 0])
            } else {
                Rgb([20, 80, 200])
            }
        });
        let mut jpeg = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(
                &mut std::io::Cursor::new(&mut jpeg),
                image::ImageFormat::Jpeg,
            )
            .unwrap();
        let exif = exif_block();
        // APP1 right after the start-of-image marker, where cameras put it.
        let mut out = jpeg[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&((exif.len() + 2 + 6) as u16).to_be_bytes());
        out.extend_from_slice(b"Exif\0\0");
        out.extend_from_slice(&exif);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    /// A TIFF block with Orientation = 6 and a GPS latitude, written by kamadak-exif.
    fn exif_block() -> Vec<u8> {
        use exif::{Field, In, Rational, Tag, Value};
        let orientation = Field {
            tag: Tag::Orientation,
            ifd_num: In::PRIMARY,
            value: Value::Short(vec![6]),
        };
        let lat_ref = Field {
            tag: Tag::GPSLatitudeRef,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"N".to_vec()]),
        };
        let lat = Field {
            tag: Tag::GPSLatitude,
            ifd_num: In::PRIMARY,
            value: Value::Rational(vec![
                Rational { num: 55, denom: 1 },
                Rational { num: 40, denom: 1 },
                Rational { num: 12, denom: 1 },
            ]),
        };
        let mut w = exif::experimental::Writer::new();
        w.push_field(&orientation);
        w.push_field(&lat_ref);
        w.push_field(&lat);
        let mut buf = std::io::Cursor::new(Vec::new());
        w.write(&mut buf, false).unwrap();
        buf.into_inner()
    }

    fn exif_of(bytes: &[u8]) -> Option<exif::Exif> {
        exif::Reader::new()
            .read_from_container(&mut std::io::Cursor::new(bytes))
            .ok()
    }

    fn book(root: &Path) {
        std::fs::create_dir_all(root.join("content/boeger/emma")).unwrap();
        std::fs::write(
            root.join("content/boeger/emma/bog.toml"),
            "navn = \"Emma\"\n",
        )
        .unwrap();
    }

    #[test]
    fn the_test_photo_has_gps_and_orientation() {
        // Guards the tests below: the upload must carry what is to be stripped and turned.
        let ex = exif_of(&phone_jpeg()).expect("EXIF in the test photo");
        assert!(ex
            .get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
            .is_some());
        let o = ex
            .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
            .unwrap();
        assert_eq!(o.value.get_uint(0), Some(6));
    }

    #[test]
    fn a_stored_photo_has_no_metadata_and_is_upright() {
        let dir = tempfile::tempdir().unwrap();
        book(dir.path());
        let stored = store(dir.path(), "emma", "IMG_0042.JPG", &phone_jpeg()).unwrap();
        assert_eq!(stored.fil, "IMG_0042.jpg");
        assert_eq!(stored.markdown, "![Billedtekst](billeder/IMG_0042.jpg)");
        let bytes =
            std::fs::read(dir.path().join("content/boeger/emma/billeder/IMG_0042.jpg")).unwrap();
        assert!(exif_of(&bytes).is_none(), "EXIF survived");
        for sign in [
            &b"Exif\0\0"[..],
            b"GPS",
            b"ICC_PROFILE",
            b"http://ns.adobe.com/xap",
        ] {
            assert!(
                !bytes.windows(sign.len()).any(|w| w == sign),
                "{:?} in the file",
                sign
            );
        }
        // Orientation 6: the 60×40 picture is shown 40×60, its red corner now top-right.
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!(img.dimensions(), (40, 60));
        let [r, _, b, _] = img.get_pixel(36, 3).0;
        assert!(
            r > 180 && b < 80,
            "top-right is not the red corner: {r} {b}"
        );
        let [r, _, _, _] = img.get_pixel(3, 3).0;
        assert!(r < 100, "top-left is still red");
        // Nothing else was left in the folder (no temporary file).
        let names: Vec<_> = std::fs::read_dir(dir.path().join("content/boeger/emma/billeder"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn names_stay_readable_but_safe_and_are_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        book(dir.path());
        let jpeg = phone_jpeg();
        let first = store(dir.path(), "emma", "Første skoledag på Ærø.jpeg", &jpeg).unwrap();
        assert_eq!(first.fil, "Første skoledag på Ærø.jpg");
        let second = store(dir.path(), "emma", "Første skoledag på Ærø.jpg", &jpeg).unwrap();
        assert_eq!(second.fil, "Første skoledag på Ærø 2.jpg");
        // The Markdown reads back as exactly that file, spaces and all.
        let found = crate::book::photos::images_in(&second.markdown);
        assert_eq!(found[0].0, "billeder/Første skoledag på Ærø 2.jpg");
        let hostile = store(
            dir.path(),
            "emma",
            "../../..\\x/.#Emma's \"100%\" <b>#1<b>.png",
            &jpeg,
        )
        .unwrap();
        assert_eq!(
            hostile.fil, "Emmas 100 b 1 b.jpg",
            "a JPEG is stored as one"
        );
        assert!(dir
            .path()
            .join("content/boeger/emma/billeder")
            .join(&hostile.fil)
            .is_file());
    }

    #[test]
    fn safe_stems() {
        assert_eq!(
            safe_stem("Screenshot 2025-06-01 at 18.22.10.png"),
            "Screenshot 2025-06-01 at 18.22.10"
        );
        assert_eq!(safe_stem("C:\\fakepath\\sommer.jpg"), "sommer");
        assert_eq!(safe_stem("..jpg"), "foto");
        assert_eq!(safe_stem(".hidden.jpg"), "hidden");
        assert_eq!(safe_stem("a\u{202e}gpj.exe"), "a gpj");
        assert_eq!(safe_stem("NUL.jpg"), "NUL foto");
        // Decomposed å (macOS) becomes one letter.
        assert_eq!(safe_stem("A\u{30a}rhus.jpg"), "Århus");
        assert!(safe_stem(&"æ".repeat(200)).len() <= MAX_STEM_BYTES);
    }

    #[test]
    fn heic_gets_the_clear_message_by_name_or_by_bytes() {
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
        for (name, bytes) in [
            ("IMG_1.HEIC", heic.clone()),
            ("IMG_1.jpg", heic),
            ("x.heif", b"garbage".to_vec()),
        ] {
            let e = clean(&bytes, name, Path::new(name)).unwrap_err();
            assert_eq!(e.code.to_string(), "F028", "{name}");
        }
        // A JPEG with a .heic name (converted by the phone) is just a JPEG.
        assert!(clean(&phone_jpeg(), "IMG_2.heic", Path::new("x")).is_ok());
        let e = clean(b"hello", "notes.txt", Path::new("notes.txt")).unwrap_err();
        assert_eq!(e.code.to_string(), "F032");
    }

    #[test]
    fn too_large_and_lying_headers_are_refused_before_decoding() {
        let big = vec![0xFFu8; MAX_IMAGE_BYTES as usize + 1];
        let e = clean(&big, "big.jpg", Path::new("big.jpg")).unwrap_err();
        assert_eq!(e.code.to_string(), "F027");
        // A PNG header claiming 60,000 × 60,000 pixels.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&60_000u32.to_be_bytes());
        png.extend_from_slice(&60_000u32.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        assert!(clean(&png, "x.png", Path::new("x.png")).is_err());
    }

    #[test]
    fn a_book_folder_that_is_a_link_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/boeger/emma")).unwrap();
        std::fs::create_dir_all(elsewhere.path().join("b")).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(
                elsewhere.path().join("b"),
                dir.path().join("content/boeger/emma/billeder"),
            )
            .unwrap();
            assert!(store(dir.path(), "emma", "x.jpg", &phone_jpeg()).is_err());
            assert_eq!(
                std::fs::read_dir(elsewhere.path().join("b"))
                    .unwrap()
                    .count(),
                0
            );
        }
    }
}
