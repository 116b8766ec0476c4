//! What a photo file claims before it is decoded: its size in pixels and the metadata it carries.
//! A few bytes can claim a picture of 65,000 × 65,000 pixels, and a PNG colour profile of a few
//! kilobytes can inflate to half a gigabyte; both are refused here, before any decoder allocates.

use super::{MAX_METADATA_BYTES, MAX_PIXELS};
use crate::problems::{FileProblem as Problem, Words};
use image::ImageFormat;

/// The longest side any decoder is allowed (a panorama of 50 megapixels is about 20,000 wide).
pub const MAX_SIDE: u32 = 50_000;

/// A colour profile larger than this (unpacked) is not a real one: ordinary profiles are a few
/// kilobytes, the largest printer profiles a few megabytes.
const MAX_ICC_BYTES: usize = 8 * 1024 * 1024;

/// The pixel limit, for a size read from a header or a decoder.
pub fn check_size(width: u32, height: u32) -> Result<(), Problem> {
    if u64::from(width) * u64::from(height) > MAX_PIXELS || width > MAX_SIDE || height > MAX_SIDE {
        return Err(Problem::TooManyPixels { width, height });
    }
    Ok(())
}

/// Checks what the file's container says, without decoding pixels. JPEG needs nothing here: its
/// metadata segments are at most 64 kB each and the file size is bounded, and its pixel size is
/// checked from the decoder's header before decoding.
pub fn check(format: ImageFormat, bytes: &[u8]) -> Result<(), Problem> {
    match format {
        ImageFormat::Png => png(bytes),
        ImageFormat::WebP => webp(bytes),
        _ => Ok(()),
    }
}

/// PNG chunks: the size in IHDR, metadata chunks together within [`MAX_METADATA_BYTES`], and the
/// colour profile (`iCCP`, compressed) unpacked within [`MAX_ICC_BYTES`].
fn png(bytes: &[u8]) -> Result<(), Problem> {
    let mut pos: usize = 8;
    let mut metadata: u64 = 0;
    while let Some(head) = bytes.get(pos..pos.saturating_add(8)) {
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind = &head[4..8];
        // A chunk running past the end: the decoder reports the broken file.
        let Some(data) = bytes.get(pos + 8..(pos + 8).saturating_add(len)) else {
            return Ok(());
        };
        match kind {
            b"IHDR" if data.len() >= 8 => check_size(
                u32::from_be_bytes([data[0], data[1], data[2], data[3]]),
                u32::from_be_bytes([data[4], data[5], data[6], data[7]]),
            )?,
            b"iCCP" => icc_profile(data)?,
            b"IEND" => break,
            _ => {}
        }
        if matches!(kind, b"iCCP" | b"tEXt" | b"zTXt" | b"iTXt" | b"eXIf") {
            metadata += len as u64;
            if metadata > MAX_METADATA_BYTES {
                return Err(Problem::TooMuchMetadata {
                    what: Words {
                        da: "metadata (tekst og EXIF)",
                        en: "metadata (text and EXIF)",
                    },
                    limit_mb: (MAX_METADATA_BYTES >> 20) as usize,
                });
            }
        }
        pos = pos.saturating_add(12).saturating_add(len);
    }
    Ok(())
}

/// `iCCP`: a name, a zero byte, the compression method, then the zlib stream.
fn icc_profile(data: &[u8]) -> Result<(), Problem> {
    let Some(end) = data.iter().position(|&b| b == 0) else {
        return Ok(());
    };
    let stream = data.get(end + 2..).unwrap_or_default();
    match fdeflate::decompress_to_vec_bounded(stream, MAX_ICC_BYTES) {
        Err(fdeflate::BoundedDecompressionError::OutputTooLarge { .. }) => {
            Err(Problem::TooMuchMetadata {
                what: Words {
                    da: "farveprofil (ICC)",
                    en: "colour profile (ICC)",
                },
                limit_mb: MAX_ICC_BYTES >> 20,
            })
        }
        // A broken profile is ignored by the decoder, as before: the photo still works.
        _ => Ok(()),
    }
}

/// WebP (RIFF) chunks: each must fit in the file (a decoder would allocate the size a chunk
/// claims), and the metadata chunks together within [`MAX_METADATA_BYTES`].
fn webp(bytes: &[u8]) -> Result<(), Problem> {
    let mut pos: usize = 12;
    let mut metadata: u64 = 0;
    while let Some(head) = bytes.get(pos..pos.saturating_add(8)) {
        let len = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
        if (pos + 8).saturating_add(len) > bytes.len() {
            return Err(Problem::BrokenHeader {
                why: Words {
                    da: "en del af filen mangler",
                    en: "a part of the file is missing",
                },
            });
        }
        if matches!(&head[..4], b"ICCP" | b"EXIF" | b"XMP ") {
            metadata += len as u64;
            if metadata > MAX_METADATA_BYTES {
                return Err(Problem::TooMuchMetadata {
                    what: Words {
                        da: "metadata (farveprofil, EXIF og XMP)",
                        en: "metadata (colour profile, EXIF and XMP)",
                    },
                    limit_mb: (MAX_METADATA_BYTES >> 20) as usize,
                });
            }
        }
        pos = (pos + 8).saturating_add(len).saturating_add(len & 1);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0; 4]);
        c
    }

    fn png_with(chunks: &[Vec<u8>]) -> Vec<u8> {
        let mut f = b"\x89PNG\r\n\x1a\n".to_vec();
        for c in chunks {
            f.extend_from_slice(c);
        }
        f
    }

    fn ihdr(w: u32, h: u32) -> Vec<u8> {
        let mut d = w.to_be_bytes().to_vec();
        d.extend_from_slice(&h.to_be_bytes());
        d.extend_from_slice(&[8, 2, 0, 0, 0]);
        chunk(b"IHDR", &d)
    }

    #[test]
    fn pixel_limit_from_png_header() {
        assert_eq!(png(&png_with(&[ihdr(4000, 3000)])), Ok(()));
        assert_eq!(
            png(&png_with(&[ihdr(40_000, 40_000)])),
            Err(Problem::TooManyPixels {
                width: 40_000,
                height: 40_000
            })
        );
        assert!(check_size(60_000, 1).is_err());
    }

    #[test]
    fn colour_profile_bomb_is_refused_and_a_small_one_kept() {
        let zeros = vec![0u8; MAX_ICC_BYTES + 1];
        let bomb = zlib(&zeros);
        let mut data = b"icc\0\0".to_vec();
        data.extend_from_slice(&bomb);
        assert!(matches!(
            png(&png_with(&[ihdr(10, 10), chunk(b"iCCP", &data)])),
            Err(Problem::TooMuchMetadata { .. })
        ));
        let mut small = b"icc\0\0".to_vec();
        small.extend_from_slice(&zlib(&[7u8; 3000]));
        assert_eq!(
            png(&png_with(&[ihdr(10, 10), chunk(b"iCCP", &small)])),
            Ok(())
        );
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        fdeflate::compress_to_vec(data)
    }
}
