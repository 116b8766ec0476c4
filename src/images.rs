//! Photos: turned upright by their EXIF orientation, stripped of every metadata record (GPS
//! position, camera, time) by decoding to pixels and encoding anew, and scaled down.
//!
//! Nothing of the original file's bytes reaches an output except the pixels, so no EXIF, XMP or
//! IPTC block can survive, whatever the camera wrote.

use crate::error::Diagnostic;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// Longest side of a photo on a web page.
pub const WEB_MAX_SIDE: u32 = 1600;
/// Longest side of a photo in print (about 300 dpi across a 14 cm wide photo).
pub const PRINT_MAX_SIDE: u32 = 1800;

/// Photo files are never larger than this; bigger is refused before decoding.
pub const MAX_IMAGE_BYTES: u64 = 60 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoKind {
    Jpeg,
    Png,
    Webp,
}

/// The kind of photo a file is, by its name; `Err` for photo formats that cannot be used.
pub fn photo_kind(path: &Path) -> Result<Option<PhotoKind>, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    Ok(match ext.as_str() {
        "jpg" | "jpeg" => Some(PhotoKind::Jpeg),
        "png" => Some(PhotoKind::Png),
        "webp" => Some(PhotoKind::Webp),
        "heic" | "heif" => {
            return Err("HEIC-billeder (fra iPhone) kan ikke bruges direkte".into());
        }
        "tif" | "tiff" | "gif" | "bmp" => {
            return Err(format!("billedformatet .{ext} kan ikke bruges"))
        }
        _ => None,
    })
}

const HEIC_HINT: &str = "gem billedet som JPEG: på iPhone under Indstillinger → Kamera → Formater → \"Mest kompatibel\", \
     eller åbn billedet og eksportér/del det som JPEG; på en pc kan Fotos-appen gemme en kopi som JPEG";

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
    let corrupt = |e: String| {
        Diagnostic::new(shown, format!("billedet kan ikke læses: {e}"))
            .hint("filen er måske beskadiget eller ikke et billede; åbn den i et billedprogram og gem den igen som JPEG")
    };
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| corrupt(e.to_string()))?;
    let mut decoder = reader.into_decoder().map_err(|e| corrupt(e.to_string()))?;
    // A missing or unreadable EXIF block simply means "already upright".
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let img = DynamicImage::from_decoder(decoder).map_err(|e| corrupt(e.to_string()))?;
    let mut img = fit(img, max_side);
    img.apply_orientation(orientation);
    Ok(img)
}

/// Scales down so the longest side is at most `max_side`; never scales up.
pub fn fit(img: DynamicImage, max_side: u32) -> DynamicImage {
    if img.width().max(img.height()) <= max_side {
        return img;
    }
    // Area averaging: as good as a triangle filter for large reductions, and about four times
    // faster on a 12-megapixel photo.
    img.thumbnail(max_side, max_side)
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
                    .map_err(|e| Diagnostic::new(shown, format!("billedet kan ikke gemmes: {e}"))),
                _ => Err(Diagnostic::new(shown, "billedet er for stort til JPEG")),
            };
        }
        PhotoKind::Png => img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png),
        PhotoKind::Webp => {
            let rgba = img.to_rgba8();
            rgba.write_to(&mut Cursor::new(&mut out), ImageFormat::WebP)
        }
    };
    result.map_err(|e| Diagnostic::new(shown, format!("billedet kan ikke gemmes: {e}")))?;
    Ok(out)
}

/// A photo file that is too large to be read; refused before reading.
pub fn too_large(shown: &Path, bytes: u64) -> Diagnostic {
    Diagnostic::new(
        shown,
        format!(
            "filen er for stor ({} MB; højst {} MB)",
            bytes >> 20,
            MAX_IMAGE_BYTES >> 20
        ),
    )
    .hint("gem billedet i en mindre størrelse, fx med \"Del\" → \"Mindre\" på telefonen")
}

/// Upright, metadata-free, scaled photo bytes for `max_side`; other files unchanged. The bytes are
/// read by the caller through its [`crate::files::Scope`]; `name` decides what kind of file it is.
pub fn process_bytes(
    name: &Path,
    bytes: Vec<u8>,
    shown: &Path,
    max_side: u32,
) -> Result<Vec<u8>, Diagnostic> {
    let kind = photo_kind(name).map_err(|m| Diagnostic::new(shown, m).hint(HEIC_HINT))?;
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
            .map_err(|m| Diagnostic::new(shown, m).hint(HEIC_HINT))?
            .ok_or_else(|| {
                Diagnostic::new(shown, "filen er ikke et billede")
                    .hint("brug JPEG-, PNG- eller WebP-billeder")
            })?;
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
        let usable = crate::files::is_own_dir(&self.dir, 2);
        if let Some(b) = usable
            .then(|| crate::files::read_own_file(&cached))
            .flatten()
        {
            return Ok((b, kind));
        }
        let img = load_scaled_upright(bytes, shown, max_side)?;
        let out = encode(&img, kind, shown)?;
        // The cache is only an optimisation: failing to write it is not an error.
        if usable && std::fs::create_dir_all(&self.dir).is_ok() {
            let tmp = cached.with_extension(format!("tmp{}", std::process::id()));
            if std::fs::write(&tmp, &out).is_ok() {
                let _ = std::fs::rename(&tmp, &cached);
            }
        }
        Ok((out, kind))
    }
}

/// Bump when processing changes, so old cached results are not reused.
const CACHE_VERSION: u8 = 2;
