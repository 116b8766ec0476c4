//! Photos: turned upright by their EXIF orientation, stripped of every metadata record (GPS
//! position, camera, time) by decoding to pixels and encoding anew, and scaled down.
//!
//! Nothing of the original file's bytes reaches an output except the pixels, so no EXIF, XMP or
//! IPTC block can survive, whatever the camera wrote.
//!
//! A photo is a file from anyone, so the work is bounded before decoding: the size its header
//! claims ([`MAX_PIXELS`]) and its metadata ([`header`]) are checked first, and every decoder runs
//! within memory limits.

use crate::error::Diagnostic;
use crate::problems::FileProblem;
use image::codecs::{jpeg::JpegDecoder, png::PngDecoder, webp::WebPDecoder};
use image::{DynamicImage, ImageDecoder, ImageFormat, Limits};
use std::io::Cursor;
use std::path::{Path, PathBuf};

mod header;

/// Longest side of a photo on a web page.
pub const WEB_MAX_SIDE: u32 = 1600;
/// Longest side of a photo in print (about 300 dpi across a 14 cm wide photo).
pub const PRINT_MAX_SIDE: u32 = 1800;

/// Photo files are never larger than this; bigger is refused before decoding.
pub const MAX_IMAGE_BYTES: u64 = 60 * 1024 * 1024;

/// Photos with more pixels than this are refused from their header, before anything is decoded:
/// a file of a few bytes can claim 65,000 × 65,000 pixels (12 GB of memory). 50 megapixels is more
/// than phones and cameras take in their usual settings (48 MP at most).
pub const MAX_PIXELS: u64 = 50_000_000;

/// What the decoders may allocate for the pixels: 50 megapixels of 16-bit RGBA.
const MAX_DECODE_BYTES: u64 = MAX_PIXELS * 8;

/// What a PNG decoder may hold of metadata (colour profile, text, EXIF), all chunks together.
const MAX_METADATA_BYTES: u64 = 16 * 1024 * 1024;

/// Where a photo is used: the Markdown or `bog.toml` line that names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UsedAt {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl UsedAt {
    /// A problem with a photo, told at the line that uses it (the photo's path leads the message).
    pub fn place(&self, d: Diagnostic) -> Diagnostic {
        d.told_at(&self.file, self.line, self.column)
    }
}

pub use super::PhotoKind;

/// The kind of photo a file is, by its name; `Err` for photo formats that cannot be used.
pub fn photo_kind(path: &Path) -> Result<Option<PhotoKind>, FileProblem> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    Ok(match ext.as_str() {
        "jpg" | "jpeg" => Some(PhotoKind::Jpeg),
        "png" => Some(PhotoKind::Png),
        "webp" => Some(PhotoKind::Webp),
        "heic" | "heif" => {
            return Err(FileProblem::Heic);
        }
        "tif" | "tiff" | "gif" | "bmp" => return Err(FileProblem::FormatUnusable { ext }),
        _ => None,
    })
}

/// The output path of a content file: photos keep their name, everything else is copied as is.
pub fn output_name(content_key: &str) -> String {
    content_key.to_string()
}

/// Reads a photo and returns its pixels upright.
pub fn load_upright(bytes: &[u8], shown: &Path) -> Result<DynamicImage, Diagnostic> {
    load_scaled_upright(bytes, shown, u32::MAX)
}

/// Reads a photo, scales it to `max_side` and turns it upright (turning the small picture is
/// cheaper than turning the full one).
pub fn load_scaled_upright(
    bytes: &[u8],
    shown: &Path,
    max_side: u32,
) -> Result<DynamicImage, Diagnostic> {
    let format =
        image::guess_format(bytes).map_err(|_| Diagnostic::of(shown, FileProblem::NotAnImage))?;
    header::check(format, bytes).map_err(|p| Diagnostic::of(shown, p))?;
    match format {
        ImageFormat::Jpeg => decode(
            JpegDecoder::new(Cursor::new(bytes)),
            shown,
            max_side,
            "JPEG",
        ),
        ImageFormat::WebP => decode(
            WebPDecoder::new(Cursor::new(bytes)),
            shown,
            max_side,
            "WebP",
        ),
        ImageFormat::Png => {
            // The PNG decoder's own budget covers only what it reads besides the pixels (colour
            // profile, text, EXIF); the pixels are bounded by `limits()` set afterwards.
            let mut metadata = Limits::default();
            metadata.max_alloc = Some(MAX_METADATA_BYTES);
            decode(
                PngDecoder::with_limits(Cursor::new(bytes), metadata),
                shown,
                max_side,
                "PNG",
            )
        }
        other => Err(corrupt(
            shown,
            format!("formatet {other:?} kan ikke bruges"),
        )),
    }
}

fn corrupt(shown: &Path, error: String) -> Diagnostic {
    Diagnostic::of(shown, FileProblem::ImageUnreadable { error })
}

/// What every decoder may allocate and how large a picture may be.
fn limits() -> Limits {
    let mut l = Limits::default();
    l.max_alloc = Some(MAX_DECODE_BYTES);
    l.max_image_width = Some(header::MAX_SIDE);
    l.max_image_height = Some(header::MAX_SIDE);
    l
}

/// Decodes within [`limits`] (checked against the decoder's own idea of the size before any
/// pixel is read), scales to `max_side` and turns upright.
fn decode<D: ImageDecoder>(
    decoder: image::ImageResult<D>,
    shown: &Path,
    max_side: u32,
    format: &'static str,
) -> Result<DynamicImage, Diagnostic> {
    let refusal = |e| refusal(shown, format, e);
    let mut decoder = decoder.map_err(refusal)?;
    let (w, h) = decoder.dimensions();
    header::check_size(w, h).map_err(|p| Diagnostic::of(shown, p))?;
    let mut limits = limits();
    decoder.set_limits(limits.clone()).map_err(refusal)?;
    limits.reserve(decoder.total_bytes()).map_err(refusal)?;
    // A missing or unreadable EXIF block simply means "already upright".
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let img = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    let mut img = fit(img, max_side);
    img.apply_orientation(orientation);
    Ok(img)
}

/// A decoder's error in words: a limit reached is a photo too large, anything else a broken file
/// (the decoder's own words are English, so they are kept for English only).
fn refusal(shown: &Path, format: &'static str, e: image::ImageError) -> Diagnostic {
    match e {
        image::ImageError::Limits(_) => Diagnostic::of(shown, FileProblem::ImageTooMuchMemory),
        other => Diagnostic::of(
            shown,
            FileProblem::ImageDamaged {
                format,
                detail: other.to_string(),
            },
        ),
    }
}

/// Scales down so the longest side is at most `max_side`; never scales up.
pub fn fit(img: DynamicImage, max_side: u32) -> DynamicImage {
    if img.width().max(img.height()) <= max_side {
        return img;
    }
    let (w, h) = (img.width(), img.height());
    let (nw, nh) = if w >= h {
        (max_side, scaled_side(h, max_side, w))
    } else {
        (scaled_side(w, max_side, h), max_side)
    };
    // Area averaging (a box filter), with SIMD for the usual 8-bit pictures: image's own
    // `thumbnail` took 40 % of a cold book build with 40 twelve-megapixel photos.
    let (kind, make): (_, Rebuild) = match &img {
        DynamicImage::ImageRgb8(_) => (fast_image_resize::PixelType::U8x3, |w, h, px| {
            image::RgbImage::from_raw(w, h, px).map(DynamicImage::from)
        }),
        DynamicImage::ImageLuma8(_) => (fast_image_resize::PixelType::U8, |w, h, px| {
            image::GrayImage::from_raw(w, h, px).map(DynamicImage::from)
        }),
        _ => return img.thumbnail(max_side, max_side),
    };
    let mut small = fast_image_resize::images::Image::new(nw, nh, kind);
    let options = fast_image_resize::ResizeOptions::new().resize_alg(
        fast_image_resize::ResizeAlg::Convolution(fast_image_resize::FilterType::Box),
    );
    let resized = fast_image_resize::images::ImageRef::new(w, h, img.as_bytes(), kind)
        .ok()
        .and_then(|src| {
            fast_image_resize::Resizer::new()
                .resize(&src, &mut small, &options)
                .ok()
        });
    match resized.and_then(|()| make(nw, nh, small.into_vec())) {
        Some(small) => small,
        None => img.thumbnail(max_side, max_side),
    }
}

/// Makes a picture of a kind again from its resized pixels.
type Rebuild = fn(u32, u32, Vec<u8>) -> Option<DynamicImage>;

/// The other side of a picture whose longest side `longest` becomes `max_side`: rounded, at
/// least 1 pixel.
fn scaled_side(side: u32, max_side: u32, longest: u32) -> u32 {
    let exact = u64::from(side) * u64::from(max_side);
    let rounded = (exact + u64::from(longest) / 2) / u64::from(longest);
    u32::try_from(rounded)
        .unwrap_or(max_side)
        .clamp(1, max_side)
}

/// Encodes pixels anew: only pixels are written, never metadata.
pub fn encode(img: &DynamicImage, kind: PhotoKind, shown: &Path) -> Result<Vec<u8>, Diagnostic> {
    let mut out = Vec::new();
    let result = match kind {
        PhotoKind::Jpeg => {
            // jpeg-encoder is several times faster than image's own JPEG encoder.
            let rgb = img.to_rgb8();
            let (w, h) = (rgb.width(), rgb.height());
            let enc = jpeg_encoder::Encoder::new(&mut out, 85);
            return match (u16::try_from(w), u16::try_from(h)) {
                (Ok(w), Ok(h)) => enc
                    .encode(rgb.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
                    .map(|_| out)
                    .map_err(|e| cannot_save(shown, e)),
                _ => Err(Diagnostic::of(shown, FileProblem::JpegTooLarge)),
            };
        }
        PhotoKind::Png => img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png),
        PhotoKind::Webp => {
            let rgba = img.to_rgba8();
            rgba.write_to(&mut Cursor::new(&mut out), ImageFormat::WebP)
        }
    };
    result.map_err(|e| cannot_save(shown, e))?;
    Ok(out)
}

fn cannot_save(shown: &Path, e: impl std::fmt::Display) -> Diagnostic {
    let error = e.to_string();
    Diagnostic::of(shown, FileProblem::ImageCannotSave { error })
}

/// A photo file that is too large to be read; refused before reading.
pub fn too_large(shown: &Path, bytes: u64) -> Diagnostic {
    let problem = FileProblem::PhotoFileTooLarge {
        mb: bytes >> 20,
        max_mb: MAX_IMAGE_BYTES >> 20,
    };
    Diagnostic::of(shown, problem)
}

/// Upright, metadata-free, scaled photo bytes for `max_side`; other files unchanged. The bytes are
/// read by the caller through its [`crate::project::files::Scope`]; `name` decides what kind of file it is.
pub fn process_bytes(
    name: &Path,
    bytes: Vec<u8>,
    shown: &Path,
    max_side: u32,
) -> Result<Vec<u8>, Diagnostic> {
    let kind = photo_kind(name).map_err(|p| Diagnostic::of(shown, p))?;
    // A file not named as a photo is published byte for byte only if its bytes say it is safe: a
    // renamed photo (`.jfif`) is cleaned like one, phone video and unknown image formats refused.
    let kind = match kind {
        Some(kind) => Some(kind),
        None => match crate::media::asset_screen::screen(&bytes) {
            Ok(crate::media::asset_screen::Screened::Photo(kind)) => Some(kind),
            Ok(crate::media::asset_screen::Screened::AsIs) => None,
            Err(p) => return Err(Diagnostic::of(shown, p)),
        },
    };
    match kind {
        None => Ok(bytes),
        Some(kind) => {
            let img = load_scaled_upright(&bytes, shown, max_side)?;
            encode(&img, kind, shown)
        }
    }
}

/// A handbook asset as it is published.
pub fn publish_asset(name: &Path, bytes: Vec<u8>, shown: &Path) -> Result<Vec<u8>, Diagnostic> {
    if let Some(d) = crate::text::privacy::cpr_in_name(shown) {
        return Err(d);
    }
    process_bytes(name, bytes, shown, WEB_MAX_SIDE)
}

/// A cache of processed photos keyed by the original's content and the settings, so a rebuild with
/// unchanged photos does not decode them again.
#[derive(Debug, Clone)]
pub struct PhotoCache {
    pub dir: PathBuf,
}

impl PhotoCache {
    pub fn new(dir: PathBuf) -> Self {
        PhotoCache { dir }
    }

    /// Processes the photo `name` read as `bytes` (or returns the cached result): its bytes and kind.
    pub fn get(
        &self,
        name: &Path,
        bytes: &[u8],
        shown: &Path,
        max_side: u32,
    ) -> Result<(Vec<u8>, PhotoKind), Diagnostic> {
        let kind = photo_kind(name)
            .map_err(|p| Diagnostic::of(shown, p))?
            .ok_or_else(|| Diagnostic::of(shown, FileProblem::NotAnImage))?;
        let mut hasher = blake3::Hasher::new();
        hasher.update(bytes);
        hasher.update(&max_side.to_le_bytes());
        hasher.update(&[kind as u8, CACHE_VERSION]);
        let ext = match kind {
            PhotoKind::Jpeg => "jpg",
            PhotoKind::Png => "png",
            PhotoKind::Webp => "webp",
        };
        let cached = self
            .dir
            .join(format!("{}.{ext}", hasher.finalize().to_hex()));
        // Never through a link: a link planted in the cache must not bring in another file, and
        // a linked cache folder must not take the photos elsewhere (`.bogbinder-cache/fotos`).
        let usable = crate::project::files::is_own_dir(&self.dir, 2);
        if let Some(b) = usable
            .then(|| crate::project::files::read_own_file(&cached))
            .flatten()
        {
            return Ok((b, kind));
        }
        let img = load_scaled_upright(bytes, shown, max_side)?;
        let out = encode(&img, kind, shown)?;
        // The cache is only an optimisation: failing to write it is not an error.
        if usable && std::fs::create_dir_all(&self.dir).is_ok() {
            // A child's photos: never committed with the handbook.
            crate::project::files::keep_out_of_git(&self.dir);
            let tmp = cached.with_extension(format!("tmp{}", std::process::id()));
            if std::fs::write(&tmp, &out).is_ok() {
                let _ = std::fs::rename(&tmp, &cached);
            }
        }
        Ok((out, kind))
    }
}

/// Bump when processing changes, so old cached results are not reused.
const CACHE_VERSION: u8 = 4;

#[cfg(test)]
mod tests {
    use super::*;
    use image::{GrayImage, ImageBuffer, Rgb, RgbImage, RgbaImage};

    /// A picture with a gradient and a dark block in its top-left corner.
    fn picture(w: u32, h: u32) -> RgbImage {
        ImageBuffer::from_fn(w, h, |x, y| {
            if x < w / 4 && y < h / 4 {
                Rgb([10, 10, 10])
            } else {
                Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 200])
            }
        })
    }

    #[test]
    fn scaling_down_keeps_the_sizes_and_the_picture_of_area_averaging() {
        for (w, h, max) in [
            (4000, 3000, 1800),
            (3000, 4000, 1800),
            (1001, 333, 400),
            (7, 5000, 1600),
        ] {
            let img = DynamicImage::from(picture(w, h));
            let expected = img.thumbnail(max, max);
            let got = fit(img, max);
            assert_eq!(
                (got.width(), got.height()),
                (expected.width(), expected.height()),
                "{w}×{h} to {max}"
            );
            assert!(matches!(got, DynamicImage::ImageRgb8(_)));
            let (a, b) = (got.to_rgb8(), expected.to_rgb8());
            let diff: u64 = a
                .as_raw()
                .iter()
                .zip(b.as_raw())
                .map(|(x, y)| u64::from(x.abs_diff(*y)))
                .sum();
            let mean = diff as f64 / a.as_raw().len() as f64;
            assert!(mean < 2.0, "{w}×{h}: mean difference {mean}");
        }
    }

    #[test]
    fn grayscale_and_transparent_pictures_keep_their_kind_and_nothing_is_scaled_up() {
        let gray = GrayImage::from_fn(1600, 1200, |x, _| image::Luma([(x % 256) as u8]));
        let small = fit(DynamicImage::from(gray), 800);
        assert!(matches!(small, DynamicImage::ImageLuma8(_)));
        assert_eq!((small.width(), small.height()), (800, 600));
        let rgba = RgbaImage::from_pixel(1000, 500, image::Rgba([1, 2, 3, 128]));
        let small = fit(DynamicImage::from(rgba), 400);
        assert!(matches!(small, DynamicImage::ImageRgba8(_)));
        assert_eq!((small.width(), small.height()), (400, 200));
        let tiny = fit(DynamicImage::from(picture(300, 200)), 1800);
        assert_eq!((tiny.width(), tiny.height()), (300, 200));
    }
}
