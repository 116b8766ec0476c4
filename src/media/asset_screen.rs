//! What a file may be before it is published byte for byte.
//!
//! Photos are decoded and encoded anew ([`crate::media::images`]), so none of their metadata survives.
//! Every other file a page links to (a PDF, a Word document) reaches the output as it is, so it must
//! not be a photo or video in disguise (a `.jfif`, an `.avif`, an `.mp4` from a phone all carry a
//! GPS position), nor a document with a camera's metadata inside it. The file's bytes decide, never
//! its name alone: a renamed photo is still a photo.

use crate::media::PhotoKind;
use crate::problems::{FileProblem, Words};

mod packed;

/// What to do with a file that is about to be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screened {
    /// Its bytes are a photo bogbinder can clean: decode and encode it anew.
    Photo(PhotoKind),
    /// Safe to publish as it is.
    AsIs,
}

/// Judges a file by its bytes: a cleanable photo, a file safe to publish as it is, or a refusal.
pub fn screen(bytes: &[u8]) -> Result<Screened, FileProblem> {
    if let Some(kind) = photo_by_magic(bytes) {
        return Ok(Screened::Photo(kind));
    }
    if let Some(what) = uncleanable_media(bytes) {
        return Err(FileProblem::UncleanableMedia { what });
    }
    if carries_photo_metadata(bytes) {
        return Err(FileProblem::EmbeddedMetadata);
    }
    Ok(Screened::AsIs)
}

fn photo_by_magic(b: &[u8]) -> Option<PhotoKind> {
    if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(PhotoKind::Jpeg)
    } else if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(PhotoKind::Png)
    } else if b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        Some(PhotoKind::Webp)
    } else {
        None
    }
}

/// Whether the bytes are a HEIC/HEIF photo (an iPhone's own format), whatever the file is called.
pub fn is_heic(b: &[u8]) -> bool {
    b.len() >= 12
        && &b[4..8] == b"ftyp"
        && matches!(
            &b[8..12],
            b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"mif1" | b"msf1"
        )
}

/// Image and video containers that carry metadata and that bogbinder does not decode.
fn uncleanable_media(b: &[u8]) -> Option<Words> {
    // ISO base media files (HEIC, AVIF, MP4, MOV, 3GP, Canon CR3) say what they are after `ftyp`.
    if b.len() >= 12 && &b[4..8] == b"ftyp" {
        let brand = &b[8..12];
        return Some(match brand {
            b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"mif1" | b"msf1" => {
                Words {
                    da: "et HEIC-billede (fra iPhone)",
                    en: "a HEIC photo (from an iPhone)",
                }
            }
            b"avif" | b"avis" => Words {
                da: "et AVIF-billede",
                en: "an AVIF photo",
            },
            b"crx " => Words {
                da: "et RAW-billede fra et kamera",
                en: "a RAW photo from a camera",
            },
            _ => Words {
                da: "en video (MP4, MOV eller 3GP)",
                en: "a video (MP4, MOV or 3GP)",
            },
        });
    }
    let starts = |sig: &[u8]| b.starts_with(sig);
    if starts(b"II*\0") || starts(b"MM\0*") {
        return Some(Words {
            da: "et TIFF- eller RAW-billede (fx DNG, NEF, CR2)",
            en: "a TIFF or RAW photo (e.g. DNG, NEF, CR2)",
        });
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Some(Words {
            da: "et GIF-billede",
            en: "a GIF image",
        });
    }
    if starts(&[0xFF, 0x0A]) || starts(b"\0\0\0\x0cJXL \r\n\x87\n") {
        return Some(Words {
            da: "et JPEG XL-billede",
            en: "a JPEG XL photo",
        });
    }
    if starts(&[0x1A, 0x45, 0xDF, 0xA3]) {
        return Some(Words {
            da: "en video (WebM eller MKV)",
            en: "a video (WebM or MKV)",
        });
    }
    if b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"AVI " {
        return Some(Words {
            da: "en video (AVI)",
            en: "a video (AVI)",
        });
    }
    None
}

/// Whether the bytes, or a compressed part of them (a zip entry of a Word file, a PDF stream),
/// hold an EXIF block or GPS fields.
fn carries_photo_metadata(b: &[u8]) -> bool {
    packed::any_part(b, &metadata_in)
}

/// Whether the bytes hold an EXIF block or GPS fields, as a PDF or SVG with a photo inside often
/// does (a PDF keeps a JPEG's bytes as they are; an SVG holds it as base64, see below).
fn metadata_in(b: &[u8]) -> bool {
    const SIGNS: [&[u8]; 3] = [b"Exif\0\0", b"GPSLatitude", b"exif:GPS"];
    if SIGNS.iter().any(|s| contains(b, s)) {
        return true;
    }
    // A photo embedded as base64 (SVG, HTML): its EXIF header `Exif\0\0` after the JPEG's APP1
    // marker encodes to one of these, depending on where the base64 groups fall.
    const BASE64_SIGNS: [&[u8]; 3] = [b"RXhpZgAA", b"V4aWYAA", b"FeGlmAA"];
    BASE64_SIGNS.iter().any(|s| contains(b, s))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(brand: &[u8; 4]) -> Vec<u8> {
        let mut b = vec![0, 0, 0, 24];
        b.extend_from_slice(b"ftyp");
        b.extend_from_slice(brand);
        b.extend_from_slice(&[0; 12]);
        b
    }

    #[test]
    fn photos_are_known_by_their_bytes_not_their_name() {
        assert_eq!(
            screen(&[0xFF, 0xD8, 0xFF, 0xE1, 0, 0]),
            Ok(Screened::Photo(PhotoKind::Jpeg))
        );
        assert_eq!(
            screen(b"\x89PNG\r\n\x1a\n...."),
            Ok(Screened::Photo(PhotoKind::Png))
        );
        assert_eq!(
            screen(b"RIFF\x10\0\0\0WEBPVP8 "),
            Ok(Screened::Photo(PhotoKind::Webp))
        );
    }

    #[test]
    fn phone_media_that_cannot_be_cleaned_is_refused() {
        for (bytes, word) in [
            (iso(b"heic"), "HEIC"),
            (iso(b"avif"), "AVIF"),
            (iso(b"qt  "), "video"),
            (iso(b"isom"), "video"),
            (iso(b"crx "), "RAW"),
            (b"II*\0\x08\0\0\0".to_vec(), "TIFF"),
            (b"GIF89a\x01\0".to_vec(), "GIF"),
            (vec![0x1A, 0x45, 0xDF, 0xA3, 0], "video"),
        ] {
            let FileProblem::UncleanableMedia { what } = screen(&bytes).unwrap_err() else {
                panic!("{word}: not refused as media");
            };
            assert!(what.da.contains(word), "{word}: {}", what.da);
        }
    }

    #[test]
    fn documents_with_a_photo_s_metadata_inside_are_refused() {
        let mut pdf =
            b"%PDF-1.7\n1 0 obj << /Filter /DCTDecode >> stream\n\xFF\xD8\xFF\xE1\0\x10".to_vec();
        pdf.extend_from_slice(b"Exif\0\0MM\0*");
        assert!(screen(&pdf).is_err());
        let xmp = b"%PDF-1.7\n<x:xmpmeta><rdf:Description exif:GPSLatitude=\"55,40N\"/>";
        assert!(screen(xmp).is_err());
        // A JPEG with EXIF inside an SVG as base64 (`/9j/4QAYRXhpZgAA...`).
        let svg = b"<svg><image href=\"data:image/jpeg;base64,/9j/4QAYRXhpZgAATU0AKgAAAAgAAAAAAAA\"/></svg>";
        assert!(screen(svg).is_err());
    }

    #[test]
    fn ordinary_documents_pass() {
        assert_eq!(
            screen(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nendobj\n"),
            Ok(Screened::AsIs)
        );
        assert_eq!(screen(b"Navn;Alder\nA;7\n"), Ok(Screened::AsIs));
        assert_eq!(screen(b"PK\x03\x04docx"), Ok(Screened::AsIs));
        assert_eq!(screen(b""), Ok(Screened::AsIs));
        // "BM" or "P1" at the start of a text are not images.
        assert_eq!(screen(b"BM-skema\n"), Ok(Screened::AsIs));
    }
}
