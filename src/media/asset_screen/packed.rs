//! The compressed parts of a document, unpacked for the metadata scan.
//!
//! A Word or OpenDocument file is a zip archive and a PDF keeps most streams Flate-compressed, so a
//! photo's `Exif` block inside them is not visible in the file's bytes. Each deflate stream (zip
//! entries, PDF `stream`s) is unpacked up to [`MAX_PART`] bytes: a photo's metadata sits at its
//! start, so a bounded prefix is enough, and a compression bomb costs no more than the bound.

/// How much of one compressed part is unpacked.
const MAX_PART: usize = 8 * 1024 * 1024;
/// How much is unpacked from one file in all (many small streams cost little each).
const MAX_TOTAL: usize = 256 * 1024 * 1024;
/// Archives inside archives are unpacked this deep (a zip of Word files).
const MAX_DEPTH: usize = 3;

/// Whether `found` says yes for the bytes or for any compressed part inside them.
pub fn any_part(bytes: &[u8], found: &dyn Fn(&[u8]) -> bool) -> bool {
    let mut budget = MAX_TOTAL;
    search(bytes, found, MAX_DEPTH, &mut budget)
}

fn search(bytes: &[u8], found: &dyn Fn(&[u8]) -> bool, depth: usize, budget: &mut usize) -> bool {
    if found(bytes) {
        return true;
    }
    if depth == 0 {
        return false;
    }
    for start in zlib_streams(bytes).chain(zip_entries(bytes)) {
        if *budget == 0 {
            return false;
        }
        let part = inflate_prefix(start.0, start.1, (*budget).min(MAX_PART));
        *budget = budget.saturating_sub(part.len());
        if !part.is_empty() && search(&part, found, depth - 1, budget) {
            return true;
        }
    }
    false
}

/// PDF streams (`stream` then a line end): the data after it, to be read as zlib.
fn zlib_streams(b: &[u8]) -> impl Iterator<Item = (&[u8], bool)> {
    positions(b, b"stream").filter_map(move |i| {
        let rest = &b[i + 6..];
        let data = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))?;
        Some((data, false))
    })
}

/// Deflated zip entries (local file headers with method 8): their raw deflate data.
fn zip_entries(b: &[u8]) -> impl Iterator<Item = (&[u8], bool)> {
    positions(b, b"PK\x03\x04").filter_map(move |i| {
        let h = b.get(i..i + 30)?;
        let u16_at = |o: usize| usize::from(u16::from_le_bytes([h[o], h[o + 1]]));
        if u16_at(8) != 8 {
            return None;
        }
        let data = b.get(i + 30 + u16_at(26) + u16_at(28)..)?;
        Some((data, true))
    })
}

fn positions<'a>(hay: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    hay.windows(needle.len())
        .enumerate()
        .filter(move |(_, w)| *w == needle)
        .map(|(i, _)| i)
}

/// Up to `max` bytes of a zlib stream (or of raw deflate data, given a zlib header first), as far
/// as it unpacks; a broken or foreign stream gives what came before the break, often nothing.
fn inflate_prefix(data: &[u8], raw: bool, max: usize) -> Vec<u8> {
    let owned;
    let input: &[u8] = if raw {
        // 0x78 0x01 is a valid zlib header (no dictionary); the checksum, ignored, must still be
        // there for the decoder to finish, and a zip entry may end the file.
        owned = [&[0x78, 0x01][..], data, &[0; 4]].concat();
        &owned
    } else {
        data
    };
    let mut d = fdeflate::Decompressor::new();
    d.ignore_adler32();
    let mut out = vec![0; max.min(64 * 1024)];
    let (mut read, mut written) = (0, 0);
    while written < max && !d.is_done() {
        match d.read(&input[read..], &mut out, written, true) {
            Ok((0, 0)) => break,
            Ok((r, w)) => {
                read += r;
                written += w;
            }
            Err(_) => break,
        }
        if written == out.len() {
            out.resize((out.len() * 2).min(max), 0);
        }
    }
    out.truncate(written);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_text_in_zlib_and_raw_deflate_parts() {
        let has = |b: &[u8]| b.windows(5).any(|w| w == b"HEMLI");
        let z = fdeflate::compress_to_vec(b"...HEMLI...");
        let pdf = [&b"%PDF-1.4\n1 0 obj<<>>stream\n"[..], &z, b"\nendstream"].concat();
        assert!(!has(&pdf) && any_part(&pdf, &has));
        // Raw deflate as in a zip: the zlib stream without its two-byte header.
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend_from_slice(&[0; 4]);
        zip.extend_from_slice(&8u16.to_le_bytes());
        zip.extend_from_slice(&[0; 30 - 10]);
        zip.extend_from_slice(&z[2..z.len() - 4]);
        assert!(any_part(&zip, &has));
        assert!(!any_part(b"PK\x03\x04 nothing", &has));
    }

    #[test]
    fn a_compression_bomb_is_read_only_to_the_bound() {
        let z = fdeflate::compress_to_vec(&vec![0u8; 64 * 1024 * 1024]);
        assert_eq!(inflate_prefix(&z, false, 1024).len(), 1024);
    }
}
