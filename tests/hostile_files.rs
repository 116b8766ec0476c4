//! Hostile and unusual files end to end: chapter file names full of typst's special signs (and one
//! written to run code) must print as text, and photos whose headers lie about their size or carry
//! a compressed bomb must be refused from the header, naming the line that uses them.

mod common;
use common::*;
use std::path::Path;

/// The PDF's text, read back with lopdf (words may be split by line breaks and hyphens: compare
/// with [`squeeze`]).
fn pdf_text(path: &Path) -> String {
    let doc = lopdf::Document::load(path).expect("valid PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("text")
}

/// Text without any whitespace, so line breaks in the PDF do not matter.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A PDF text string: UTF-16BE with a byte order mark, or (for plain ASCII) bytes as they are.
fn pdf_string(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(be) => String::from_utf16_lossy(
            &be.chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        ),
        None => bytes.iter().map(|&b| b as char).collect(),
    }
}

/// The titles of the PDF's bookmarks (its outline), read with lopdf, in order.
fn bookmarks(pdf: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(pdf).expect("valid PDF");
    let deref = |o: &lopdf::Object| -> lopdf::Dictionary {
        let id = o.as_reference().expect("reference");
        doc.get_dictionary(id).expect("dictionary").clone()
    };
    let catalog = doc.catalog().expect("catalog");
    let Ok(outlines) = catalog.get(b"Outlines") else {
        return Vec::new();
    };
    let mut titles = Vec::new();
    let mut next = deref(outlines).get(b"First").ok().cloned();
    while let Some(item) = next {
        let d = deref(&item);
        if let Ok(t) = d.get(b"Title").and_then(|t| t.as_str()) {
            titles.push(pdf_string(t));
        }
        next = d.get(b"Next").ok().cloned();
    }
    titles
}

/// Typst prints straight quotes as typographic ones.
fn plain_quotes(s: &str) -> String {
    s.replace(['’', '‘'], "'").replace(['“', '”'], "\"")
}

/// Chapter names a family could type, with every sign typst reads as markup, and two written to
/// run code when pasted into typst markup unescaped.
const NAMES: &[(&str, &str)] = &[
    ("01-min familie.md", "min familie"),
    ("02-mor & far.md", "mor & far"),
    ("03-100%.md", "100%"),
    ("04-æble og øl på år.md", "æble og øl på år"),
    ("05-det's \"godt\".md", "det's \"godt\""),
    ("06-#1 <3 [x] $5 @mor.md", "#1 <3 [x] $5 @mor"),
    ("07-a]b{c}(d)\\e*f_g`h~i=j+k.md", "a]b{c}(d)\\e*f_g`h~i=j+k"),
    ("08-hjerte 🙂.md", "hjerte 🙂"),
    (
        "09-x> #for i in range(3) [PWNED] <y.md",
        "x> #for i in range(3) [PWNED] <y",
    ),
    ("10-z> #while true {} <w.md", "z> #while true {} <w"),
];

#[test]
fn chapter_file_names_with_typst_signs_build_and_print_as_text() {
    let p = Project::new();
    p.file("content/boeger/navne/bog.toml", "navn = \"Navne\"\n");
    for (i, (file, _)) in NAMES.iter().enumerate() {
        p.file(
            &format!("content/boeger/navne/{file}"),
            &format!("Tekst nummer {} i kapitlet.\n", i + 1),
        );
    }
    let run = p.run(&["book", "navne"]);
    run.assert_ok();
    assert!(
        !run.stderr().contains("fejl i bogbinder"),
        "{}",
        run.stderr()
    );

    let pdf = p.path().join("boeger-output/navne/navne.pdf");
    let marks: Vec<String> = bookmarks(&pdf).iter().map(|t| plain_quotes(t)).collect();
    let expected: Vec<String> = NAMES.iter().map(|(_, t)| t.to_string()).collect();
    assert_eq!(
        marks, expected,
        "the PDF's bookmarks are the chapter titles"
    );

    let text = squeeze(&plain_quotes(&pdf_text(&pdf)));
    for (_, title) in NAMES.iter().filter(|(f, _)| !f.starts_with("08")) {
        assert!(
            text.contains(&squeeze(title)),
            "{title:?} not printed:\n{text}"
        );
    }
    assert!(!text.contains("PWNEDPWNED"), "a file name ran as code");
    for i in 1..=NAMES.len() {
        assert!(text.contains(&squeeze(&format!("Tekst nummer {i} i kapitlet."))));
    }

    // The HTML edition: every chapter an id of its own, made of plain letters.
    let html = p.read("boeger-output/navne/navne.html");
    assert!(html.contains("mor &amp; far"), "{html}");
    assert!(
        !html.contains("<y") && !html.contains("<3"),
        "unescaped name in HTML"
    );
    for id in attr_values(&html, "id") {
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'),
            "id {id:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Image bombs, made in the test.

/// The CRC-32 of PNG chunks.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    c.extend_from_slice(kind);
    c.extend_from_slice(data);
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(data);
    c.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    c
}

/// A real 16 × 16 PNG, its chunks split so chunks can be added or changed.
fn small_png_chunks() -> Vec<(Vec<u8>, Vec<u8>)> {
    let img = image::RgbImage::from_pixel(16, 16, image::Rgb([200, 80, 40]));
    let mut bytes = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::Png,
    )
    .unwrap();
    let mut chunks = Vec::new();
    let mut pos = 8;
    while pos + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[pos..pos + 4].try_into().unwrap()) as usize;
        let kind = bytes[pos + 4..pos + 8].to_vec();
        chunks.push((kind, bytes[pos + 8..pos + 8 + len].to_vec()));
        pos += 12 + len;
    }
    chunks
}

fn png_from(chunks: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in chunks {
        out.extend(png_chunk(kind.as_slice().try_into().unwrap(), data));
    }
    out
}

/// A PNG whose header claims 40,000 × 40,000 pixels (1.6 gigapixel) around 16 × 16 of data.
fn lying_png() -> Vec<u8> {
    let mut chunks = small_png_chunks();
    let ihdr = &mut chunks[0].1;
    ihdr[0..4].copy_from_slice(&40_000u32.to_be_bytes());
    ihdr[4..8].copy_from_slice(&40_000u32.to_be_bytes());
    png_from(&chunks)
}

/// A small PNG with a colour profile that unpacks to 64 MB of zeros (from 64 kB in the file).
fn icc_bomb_png() -> Vec<u8> {
    let mut chunks = small_png_chunks();
    let mut iccp = b"bombe\0\0".to_vec();
    iccp.extend(fdeflate::compress_to_vec(&vec![0u8; 64 * 1024 * 1024]));
    assert!(iccp.len() < 1024 * 1024, "{} bytes", iccp.len());
    chunks.insert(1, (b"iCCP".to_vec(), iccp));
    png_from(&chunks)
}

/// A real 16 × 16 JPEG whose frame header (SOF0) claims 65,000 × 65,000 pixels.
fn lying_jpeg() -> Vec<u8> {
    let mut bytes = Vec::new();
    jpeg_encoder::Encoder::new(&mut bytes, 80)
        .encode(&[128u8; 16 * 16 * 3], 16, 16, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    let sof = bytes
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("baseline JPEG has SOF0");
    // Marker, length (2), precision (1), then height and width.
    bytes[sof + 5..sof + 7].copy_from_slice(&65_000u16.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&65_000u16.to_be_bytes());
    assert!(bytes.len() < 2000, "{} bytes", bytes.len());
    bytes
}

#[test]
fn the_hostile_images_are_what_they_claim() {
    // The test's own files must really be hostile, or the tests below prove nothing.
    let dims = |b: &[u8]| {
        image::ImageReader::new(std::io::Cursor::new(b))
            .with_guessed_format()
            .unwrap()
            .into_dimensions()
            .unwrap()
    };
    assert_eq!(dims(&lying_jpeg()), (65_000, 65_000));
    assert_eq!(dims(&lying_png()), (40_000, 40_000));
    let bomb = icc_bomb_png();
    let mut d = image::codecs::png::PngDecoder::with_limits(
        std::io::Cursor::new(&bomb),
        image::Limits::no_limits(),
    )
    .unwrap();
    use image::ImageDecoder;
    assert_eq!(
        d.icc_profile().unwrap().map(|p| p.len()),
        Some(64 * 1024 * 1024)
    );
}

#[test]
fn image_bombs_in_the_handbook_are_refused_at_their_line() {
    let p = Project::new();
    p.bytes("content/metoder/kaempe.jpg", &lying_jpeg());
    p.bytes("content/metoder/stor.png", &lying_png());
    p.bytes("content/metoder/profil.png", &icc_bomb_png());
    p.file(
        "content/metoder/billeder.md",
        "+++\ntitle = \"Billeder\"\n+++\nFørst tekst.\n\n![Kæmpe](kaempe.jpg)\n\n![Stor](stor.png)\n\n![Profil](profil.png)\n",
    );
    p.build().assert_fails_with(&[
        "content/metoder/billeder.md:6:1: content/metoder/kaempe.jpg: billedet er 65.000 × 65.000 pixels (4.225 megapixel)",
        "højst 50 megapixel",
        "content/metoder/billeder.md:8:1: content/metoder/stor.png: billedet er 40.000 × 40.000 pixels",
        "content/metoder/billeder.md:10:1: content/metoder/profil.png: billedets farveprofil (ICC) er for stor (over 8 MB)",
        "gem billedet i en mindre størrelse",
    ])
    .assert_codes(&["F020", "F021"]);
    assert!(!p.exists("output"), "a failed build writes no output");
}

#[test]
fn image_bombs_in_a_book_are_refused_at_their_line() {
    let p = Project::new();
    p.bytes("content/boeger/test/billeder/kaempe.jpg", &lying_jpeg());
    p.bytes("content/boeger/test/billeder/stor.png", &lying_png());
    p.bytes("content/boeger/test/billeder/profil.png", &icc_bomb_png());
    p.file(
        "content/boeger/test/bog.toml",
        "navn = \"Test\"\nforside = \"billeder/kaempe.jpg\"\n\n[[minder]]\nfil = \"billeder/stor.png\"\n",
    );
    p.file(
        "content/boeger/test/01-alt-om-mig.md",
        "Tekst.\n\n![Profil](billeder/profil.png)\n",
    );
    p.run(&["book", "test"]).assert_fails_with(&[
        "content/boeger/test/bog.toml:2:11: content/boeger/test/billeder/kaempe.jpg: billedet er 65.000 × 65.000 pixels",
        "content/boeger/test/bog.toml:5:7: content/boeger/test/billeder/stor.png: billedet er 40.000 × 40.000 pixels",
        "content/boeger/test/01-alt-om-mig.md:3:1: content/boeger/test/billeder/profil.png: billedets farveprofil (ICC) er for stor",
    ]);
}

#[test]
fn ordinary_photos_with_and_without_metadata_still_work() {
    let p = Project::new();
    // No EXIF at all, and a PNG with a small, real-sized colour profile.
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 80)
        .encode(&[90u8; 32 * 24 * 3], 32, 24, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    let mut chunks = small_png_chunks();
    let mut iccp = b"sRGB\0\0".to_vec();
    iccp.extend(fdeflate::compress_to_vec(&[7u8; 3144]));
    chunks.insert(1, (b"iCCP".to_vec(), iccp));
    p.bytes("content/boeger/test/billeder/a.jpg", &jpeg);
    p.bytes("content/boeger/test/billeder/b.png", &png_from(&chunks));
    p.file(
        "content/boeger/test/bog.toml",
        "navn = \"Test\"\nforside = \"billeder/a.jpg\"\n",
    );
    p.file(
        "content/boeger/test/01-alt-om-mig.md",
        "Tekst.\n\n![B](billeder/b.png)\n",
    );
    p.run(&["book", "test"]).assert_ok();
    assert!(p.exists("boeger-output/test/billeder/01.jpg"));
    assert!(p.exists("boeger-output/test/billeder/02.png"));
}
