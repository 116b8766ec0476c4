//! Attacks on children's data found by the red team: each test is a way a photo's GPS position or a
//! CPR number reached the published handbook on the main branch before its fix.

mod common;
use common::*;

/// The demo's beach photo: a JPEG with an EXIF block holding a GPS position, as a phone writes it.
fn photo_with_gps() -> Vec<u8> {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(repo.join("content/boeger/laerke/billeder/stranden.jpg")).unwrap();
    assert!(
        bytes.windows(6).any(|w| w == b"Exif\0\0"),
        "fixture lost its EXIF"
    );
    bytes
}

/// A zip archive (the container of .docx, .xlsx, .odt) with one deflated entry.
fn zip_with(name: &str, data: &[u8]) -> Vec<u8> {
    let zlib = fdeflate::compress_to_vec(data);
    let raw = &zlib[2..zlib.len() - 4];
    let mut z = b"PK\x03\x04".to_vec();
    z.extend_from_slice(&20u16.to_le_bytes()); // version
    z.extend_from_slice(&0u16.to_le_bytes()); // flags
    z.extend_from_slice(&8u16.to_le_bytes()); // deflate
    z.extend_from_slice(&[0; 8]); // time, date, crc (not checked by the screen)
    z.extend_from_slice(&(raw.len() as u32).to_le_bytes());
    z.extend_from_slice(&(data.len() as u32).to_le_bytes());
    z.extend_from_slice(&(name.len() as u16).to_le_bytes());
    z.extend_from_slice(&0u16.to_le_bytes());
    z.extend_from_slice(name.as_bytes());
    z.extend_from_slice(raw);
    z
}

/// A PDF whose image stream is the photo, Flate-compressed on top of its JPEG coding.
fn pdf_with_flate_jpeg(jpeg: &[u8]) -> Vec<u8> {
    let s = fdeflate::compress_to_vec(jpeg);
    let mut pdf = format!(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n\
         3 0 obj<</Type/XObject/Subtype/Image/Width 8/Height 8/ColorSpace/DeviceRGB/BitsPerComponent 8\
         /Filter[/FlateDecode/DCTDecode]/Length {}>>stream\n",
        s.len()
    )
    .into_bytes();
    pdf.extend_from_slice(&s);
    pdf.extend_from_slice(b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
    pdf
}

#[test]
fn photos_with_gps_inside_compressed_documents_are_not_published() {
    let jpeg = photo_with_gps();
    for (file, bytes) in [
        ("rapport.docx", zip_with("word/media/image1.jpeg", &jpeg)),
        ("fotos.zip", zip_with("stranden.jpg", &jpeg)),
        ("skema.pdf", pdf_with_flate_jpeg(&jpeg)),
    ] {
        let p = Project::new();
        p.file(
            "content/metoder/bilag/index.md",
            &format!("+++\ntitle = \"Bilag\"\n+++\nSe [bilaget]({file}).\n"),
        );
        p.bytes(&format!("content/metoder/bilag/{file}"), &bytes);
        p.build()
            .assert_fails_with(&[file, "metadata (EXIF eller GPS-position)"]);
        assert!(
            !p.exists(&format!("output/metoder/bilag/{file}")),
            "{file} with a photo's GPS position was published"
        );
    }
}

#[test]
fn ordinary_compressed_documents_still_publish() {
    let p = Project::new();
    p.file(
        "content/metoder/bilag/index.md",
        "+++\ntitle = \"Bilag\"\n+++\nSe [skemaet](skema.docx).\n",
    );
    p.bytes(
        "content/metoder/bilag/skema.docx",
        &zip_with(
            "word/document.xml",
            b"<w:document>Navn og alder</w:document>",
        ),
    );
    p.build().assert_ok();
    assert!(p.exists("output/metoder/bilag/skema.docx"));
}

#[test]
fn cpr_numbers_with_typographic_dashes_and_spaces_stop_the_build() {
    // What Word and phones make of "-" and " ": en dash, non-breaking hyphen, minus, no-break space.
    for (i, form) in [
        "010203\u{2013}1234",
        "010203\u{2011}1234",
        "01.02.03\u{2212}1234",
        "010203\u{a0}1234",
    ]
    .iter()
    .enumerate()
    {
        let p = Project::new();
        p.file(
            "content/metoder/samtale.md",
            &format!("+++\ntitle = \"Samtale\"\n+++\nBarnet har nr. {form} i sagen.\n"),
        );
        p.build()
            .assert_fails_with(&["content/metoder/samtale.md:4:", "CPR-nummer"]);
        assert!(
            !p.exists("output/metoder/samtale/index.html"),
            "form {i} published"
        );
        // The same in a child's book.
        let p = Project::new();
        p.file("content/boeger/emma/bog.toml", "navn = \"Emma\"\n");
        p.file(
            "content/boeger/emma/01-alt-om-mig.md",
            &format!("# Alt om mig\n\nMit nummer er {form}.\n"),
        );
        p.run(&["book", "emma"])
            .assert_fails_with(&["01-alt-om-mig.md:3:", "CPR-nummer"]);
    }
}

/// A child's book with a chapter, and a built handbook beside it.
#[cfg(unix)]
fn project_with_book() -> Project {
    let p = Project::new();
    p.file("content/boeger/emma/bog.toml", "navn = \"Emma\"\n");
    p.file(
        "content/boeger/emma/01-alt-om-mig.md",
        "# Alt om mig\n\nEmma elsker heste.\n",
    );
    p.build().assert_ok();
    p
}

#[cfg(unix)]
#[test]
fn a_books_folder_that_is_a_symlink_into_the_handbook_output_is_refused() {
    let p = project_with_book();
    std::fs::create_dir(p.path().join("output/privat")).unwrap();
    std::os::unix::fs::symlink("output/privat", p.path().join("boeger-output")).unwrap();
    p.run(&["book", "emma"])
        .assert_fails_with(&["håndbogens outputmappe"]);
    assert!(
        !p.exists("output/privat/emma/emma.html"),
        "the child's book was written into the handbook output"
    );
    // And the handbook is not built around a book folder that lies in it.
    p.build().assert_fails_with(&["overlapper"]);
}

#[cfg(unix)]
#[test]
fn a_handbook_output_that_is_a_symlink_to_the_books_is_refused() {
    let p = project_with_book();
    std::fs::create_dir_all(p.path().join("udgivet")).unwrap();
    std::os::unix::fs::symlink("udgivet", p.path().join("web")).unwrap();
    // books_dir names the published folder's real place, output_dir its symlink.
    p.file(
        "bogbinder.toml",
        &format!("{MINIMAL_CONFIG}output_dir = \"web\"\nbooks_dir = \"udgivet/boeger\"\n"),
    );
    p.run(&["book", "emma"])
        .assert_fails_with(&["håndbogens outputmappe"]);
    assert!(!p.exists("udgivet/boeger/emma/emma.html"));
}

#[test]
fn cpr_numbers_hidden_by_markup_or_escapes_stop_the_build() {
    // Each is shown whole on the page or in the book, though the digits are apart in the file.
    for (page, column) in [
        ("Nr. &#48;10203-1234.", 5),
        ("Nr. 0102**03**-1234.", 5),
        ("Nr. 0102<!-- -->03-1234.", 5),
    ] {
        let p = Project::new();
        p.file(
            "content/metoder/samtale.md",
            &format!("+++\ntitle = \"Samtale\"\n+++\n{page}\n"),
        );
        p.build().assert_fails_with(&[
            &format!("content/metoder/samtale.md:4:{column}:"),
            "CPR-nummer",
        ]);
        assert!(
            !p.exists("output/metoder/samtale/index.html"),
            "{page} published"
        );
    }
    // A TOML escape in bog.toml prints as digits in the child's book.
    let p = Project::new();
    p.file(
        "content/boeger/emma/bog.toml",
        "navn = \"Emma\"\nundertitel = \"\\u0030102031234\"\n",
    );
    p.file(
        "content/boeger/emma/01-alt-om-mig.md",
        "# Alt om mig\n\nHej.\n",
    );
    p.run(&["book", "emma"])
        .assert_fails_with(&["bog.toml:2:15:", "CPR-nummer"]);
}

#[test]
fn cpr_numbers_in_file_names_stop_the_build() {
    // A page's name becomes its address, its links and a sitemap line.
    let p = Project::new();
    p.file(
        "content/metoder/010203-1234.md",
        "+++\ntitle = \"Samtale\"\n+++\nHej.\n",
    );
    p.build()
        .assert_fails_with(&["content/metoder/010203-1234.md", "CPR-nummer"]);
    assert!(!p.exists("output/metoder/010203-1234"));
    // A file beside a page is published under its own name, linked or percent-encoded.
    let p = Project::new();
    p.file(
        "content/metoder/bilag/index.md",
        "+++\ntitle = \"Bilag\"\n+++\nSe [skemaet](skema%20010203%2D1234.txt).\n",
    );
    p.file("content/metoder/bilag/skema 010203-1234.txt", "skema\n");
    p.build().assert_fails_with(&["CPR-nummer"]);
    assert!(!p.exists("output/metoder/bilag/skema 010203-1234.txt"));
    // A chapter's name in a child's book.
    let p = Project::new();
    p.file("content/boeger/emma/bog.toml", "navn = \"Emma\"\n");
    p.file(
        "content/boeger/emma/01-010203-1234.md",
        "# Alt om mig\n\nHej.\n",
    );
    p.run(&["book", "emma"])
        .assert_fails_with(&["01-010203-1234.md", "CPR-nummer"]);
}
