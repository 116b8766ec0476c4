//! Hostile projects, made from a stream of bytes, and the properties every build of them must keep.
//!
//! One generator serves two drivers: `tests/fuzz_projects.rs` feeds it bytes from a seeded random
//! generator (a fixed number of cases, the same every run, inside `cargo test`), and the
//! `cargo fuzz` targets in `fuzz/` feed it libFuzzer's bytes for long local runs. The bytes only
//! choose between fragments, so most projects are nearly valid and reach the deep parts of the
//! pipeline, and each one carries the things that broke bogbinder before: file names a family
//! would type (`01-mor & far.md`, `100%.md`), typst and HTML in text, links into a child's book in
//! every spelling, huge words, equal headings.
//!
//! The properties ([`check_project`]): no panic; no "fejl i bogbinder"; every problem names a
//! file (and a line, where the problem is inside a file); nothing of the child's book (its
//! secret words, its folder) ever reaches the handbook output or a compendium; the typst markup of
//! both books parses without errors (and, for a sample, compiles to a PDF).
#![allow(dead_code)]

use bogbinder::book::{Block, Book, BookKind, Chapter, MarkdownText};
use bogbinder::handbook::markdown::{render, LinkContext};
use std::collections::HashMap;
use std::path::Path;

/// Words that occur only inside the child's book: none may ever be seen in the handbook.
pub const SECRETS: &[&str] = &["Zorbakvist", "zorbakvist", "Qyxelund", "qyxelund"];
/// The child's book folder: `content/boeger/<BOOK>/`.
pub const BOOK: &str = "lille-qx";
/// The compendium declared in `bogbinder.toml`.
pub const COMPENDIUM: &str = "kursusmappe";
/// A photo of the child's book that handbook pages link to, as mistakes: its name holds no
/// secret (a link Markdown cannot read is printed, and indexed, as the words it is), its bytes
/// do (a text chunk), so a photo published by mistake is still found.
const CHILDS_PHOTO: &str = "foto-af-barnet.png";

/// Choices read from a byte string; past its end every choice is the first one, so any input,
/// even an empty one, is a project.
pub struct Choices<'a> {
    data: &'a [u8],
    pos: usize,
    /// Whether this project may hold mistakes (broken links, bad front matter, links into the
    /// book): about one project in three, so the others build and reach the deep parts.
    mistakes: bool,
}

impl<'a> Choices<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        let mut c = Choices {
            data,
            pos: 0,
            mistakes: false,
        };
        c.mistakes = c.one_in(3);
        c
    }
    pub fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }
    /// A number in `0..n` (n ≤ 65536).
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let v = if n <= 256 {
            usize::from(self.byte())
        } else {
            usize::from(self.byte()) << 8 | usize::from(self.byte())
        };
        v % n
    }
    /// True about one time in `n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
    /// A mistake, about one time in `n`, in projects that may have mistakes.
    pub fn mistake(&mut self, n: usize) -> bool {
        self.mistakes && self.one_in(n)
    }
    pub fn pick<T: Clone>(&mut self, list: &[T]) -> T {
        list[self.below(list.len())].clone()
    }
}

/// Bytes for one case of the `cargo test` driver: SplitMix64 from a seed, so a failing case is
/// found again by its number alone.
pub fn seeded_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        out.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Pieces of text: ordinary Danish, and everything that has broken a renderer somewhere.
const ATOMS: &[&str] = &[
    "barnet",
    "samtalen",
    "Gode råd",
    "Ærø og Åbenrå",
    "børnesamtalen",
    "trivsel",
    "mor & far",
    "100%",
    "it's",
    "\"citat\"",
    "<b>fed</b>",
    "<script>alert(1)</script>",
    "a < b > c",
    "#let x = 1",
    "#panic(\"injiceret\")",
    "$x^2$",
    "@ref",
    "<label>",
    "\\",
    "*stjerne*",
    "_under_",
    "`kode`",
    "[klammer]",
    "{krøller}",
    "~tilde~",
    "= lig",
    "- streg",
    "+ plus",
    "//",
    "/* kommentar */",
    "👧🏽",
    "e\u{301}",
    "\u{202e}baglæns",
    "nul\u{200b}bredde",
    "ﬁ",
    "İstanbul",
    "ß",
    "\t",
    "&amp;",
    "&#x3c;",
    "%20",
    "..",
    "1.",
    "   ",
    "<!-- spørgsmål -->",
    "<!-- uafsluttet",
    "-->",
    "+++",
    "[^1]",
    "|",
    "{#eget-id}",
    "{.klasse}",
];

/// A short run of atoms and plain words.
fn text(c: &mut Choices<'_>) -> String {
    let n = 1 + c.below(5);
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(c.pick(ATOMS));
    }
    out
}

/// Text safe inside a TOML basic string.
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A hostile project: files to write, and which handbook pages exist (`@/` keys).
#[derive(Debug, Default, Clone)]
pub struct Project {
    pub files: Vec<(String, Vec<u8>)>,
}

impl Project {
    fn add(&mut self, path: &str, text: &str) {
        self.add_bytes(path, text.as_bytes().to_vec());
    }
    fn add_bytes(&mut self, path: &str, bytes: Vec<u8>) {
        self.files.retain(|(p, _)| p != path);
        self.files.push((path.to_string(), bytes));
    }
    /// Writes the project into an empty folder.
    pub fn write(&self, root: &Path) {
        for (rel, bytes) in &self.files {
            let path = root.join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).expect("create folder");
            }
            std::fs::write(&path, bytes).expect("write file");
        }
    }
    /// The project as a shell-free listing, for a failing case's report.
    pub fn describe(&self) -> String {
        let mut s = String::new();
        for (p, b) in &self.files {
            s.push_str(&format!("--- {p}\n{}\n", String::from_utf8_lossy(b)));
        }
        s
    }
}

/// Handbook page files: hostile names a municipality or family would type.
const PAGE_NAMES: &[&str] = &[
    "metoder/boernesamtalen.md",
    "metoder/01-min familie.md",
    "metoder/mor & far.md",
    "metoder/100%.md",
    "metoder/æøå.md",
    "metoder/hash#tag.md",
    "metoder/it's.md",
    "metoder/<b>.md",
    "metoder/ mellemrum .md",
    "metoder/STORE.md",
    "metoder/mor-far.md",
    "eksempler/herlev.md",
    "eksempler/a b/index.md",
    "redskaber/skema.md",
    "redskaber/guide #2.md",
    "kurser/kursus.md",
];

/// A page key as written in a Markdown link (`%`, space and `#` escaped).
fn link_key(key: &str) -> String {
    key.replace('%', "%25")
        .replace(' ', "%20")
        .replace('#', "%23")
}

/// What a generated page knows about the project around it.
#[derive(Clone, Copy)]
struct Here<'k> {
    /// Handbook pages that exist (`@/` keys).
    keys: &'k [&'k str],
    /// `../` from the page's folder up to `content/`.
    up: &'k str,
    /// Whether the text is a child's chapter (it carries the secrets, its files are its own).
    secret: bool,
}

/// Where links in a handbook page may point: pages and files, and, as mistakes, missing ones,
/// ones leaving the project and every way into the child's book.
fn link_target(c: &mut Choices<'_>, here: Here<'_>) -> String {
    let key = link_key(c.pick(here.keys));
    let up = here.up;
    if !c.mistake(3) {
        return match c.below(6) {
            0..=2 => format!("@/{key}"),
            3 if here.secret => "billeder/zorbakvist.png".into(),
            3 => format!("{up}metoder/billede.png"),
            4 => "https://example.dk/x?a=1&b=2".into(),
            _ => "mailto:a@example.dk".into(),
        };
    }
    match c.below(10) {
        0 => format!(
            "@/{key}#{}",
            c.pick(&["gode-raad", "gode-raad-2", "afsnit", "x"])
        ),
        1 => format!("{up}metoder/mangler.png"),
        2 => "billede.png".into(),
        // Into the child's book: refused in every spelling.
        3 => format!("{up}boeger/{BOOK}/01-alt-om-mig.md"),
        4 => format!("{up}boeger/{BOOK}/billeder/{CHILDS_PHOTO}"),
        5 => format!("@/boeger/{BOOK}/bog.toml"),
        6 => format!("{up}%62oeger/{BOOK}/billeder/{CHILDS_PHOTO}"),
        7 => format!("{up}metoder/../boeger/{BOOK}/billeder/{CHILDS_PHOTO}"),
        8 => "/metoder/billede.png".into(),
        _ => format!("{up}../../../../etc/passwd"),
    }
}

/// One block of Markdown.
fn block(c: &mut Choices<'_>, here: Here<'_>) -> String {
    let t = text(c);
    let mut s = match c.below(16) {
        0 => format!("{} {t}", "#".repeat(1 + c.below(6))),
        1 => "## Gode råd".into(),
        2 => format!(
            "> [!{}]\n> {t}",
            c.pick(&[
                "GODE RÅD",
                "FAKTA: Om &",
                "CITAT: Ung, 14 år",
                "NOTE",
                "UKENDT"
            ])
        ),
        3 => format!("- {t}\n- [ ] {}\n  1. {}", text(c), text(c)),
        4 => format!("| a | {t} |\n|---|---|\n| {} | x |", text(c)),
        5 => format!("```{}\n{t}\n```", c.pick(&["", "rust", "typ", "\" onload"])),
        6 => format!("[{t}]({})", link_target(c, here)),
        7 => format!("![{t}]({})", link_target(c, here)),
        8 => format!("Fodnote[^1].\n\n[^1]: {t}"),
        9 => format!("<div>{t}</div>"),
        10 => format!("{t}\\\n{}", text(c)),
        11 => format!("[ref][r]\n\n[r]: {}", link_target(c, here)),
        12 => {
            // A word long enough to have been quadratic once.
            let len = [61, 200, 3000][c.below(3)];
            c.pick(&["a", "æ", "aa", "Ø1"]).repeat(len)
        }
        // A box for some audience editions only, sometimes misspelt.
        13 => {
            let to = if c.mistake(6) {
                c.pick(&["intren", "", "\"x"])
            } else {
                c.pick(&["intern", "forældre", "intern, forældre"])
            };
            format!("> [!KUN: {to}]\n> {t}")
        }
        // A form: each field's words are the random text, some fields for one edition only.
        14 => {
            let field = |c: &mut Choices<'_>, t: &str| -> String {
                if c.mistake(10) {
                    // Not a field: the words alone.
                    return t.to_string();
                }
                match c.below(8) {
                    0 => format!("tekst: {t}"),
                    1 => format!("tekst [KUN: intern]: {t}"),
                    2 => format!("langtekst: {t}"),
                    3 => format!("valg: {t} | ja | {t}"),
                    4 => format!("skala: {t} | lav | høj"),
                    5 => format!("trafiklys med noter: {t} | {t}"),
                    6 => format!("matrix: rækker {t} | b / kolonner c | {t}"),
                    _ => "plan:".into(),
                }
            };
            let n = 1 + c.below(4);
            let fields: Vec<String> = (0..n)
                .map(|_| {
                    let t = text(c);
                    field(c, &t)
                })
                .collect();
            format!("```skema\n{}\n```", fields.join("\n"))
        }
        _ => t,
    };
    if here.secret && c.one_in(3) {
        s.push_str(" Zorbakvist sagde det til Qyxelund.");
    }
    s
}

fn markdown(c: &mut Choices<'_>, here: Here<'_>) -> String {
    let n = 1 + c.below(6);
    (0..n)
        .map(|_| block(c, here))
        .collect::<Vec<_>>()
        .join("\n\n")
        + "\n"
}

/// The front matter of a handbook page, sometimes wrong in the ways people get it wrong.
fn front_matter(c: &mut Choices<'_>, keys: &[&str], kind: &str) -> String {
    let mut fm = String::new();
    if !c.mistake(8) {
        fm.push_str(&format!("title = {}\n", toml_str(&text(c))));
    }
    if c.one_in(3) {
        fm.push_str(&format!("description = {}\n", toml_str(&text(c))));
    }
    if c.mistake(4) {
        fm.push_str(&format!("slug = {}\n", toml_str(&text(c))));
    }
    if c.one_in(4) {
        fm.push_str(c.pick(&[
            "updated = 2024-05-01\n",
            "weight = -3\n",
            "weight = 9223372036854775807\n",
        ]));
    }
    if c.mistake(4) {
        fm.push_str(c.pick(&[
            "updated = 2024-02-30\n",
            "draft = true\n",
            "titel = \"stavefejl\"\n",
            "title = \"uafsluttet\n",
            "= x\n",
            "allow_cpr = \"ja\"\n",
        ]));
    }
    // Front-matter references take the path as it is: no `#`, no escapes.
    let plain: Vec<&str> = keys.iter().copied().filter(|k| !k.contains('#')).collect();
    if c.one_in(3) && !plain.is_empty() {
        let refs: Vec<String> = (0..1 + c.below(3))
            .map(|_| toml_str(&format!("@/{}", c.pick(&plain))))
            .collect();
        let field = c.pick(&["metoder", "redskaber", "relaterede"]);
        fm.push_str(&format!("{field} = [{}]\n", refs.join(", ")));
    }
    if kind == "kurser" && c.one_in(2) && !plain.is_empty() {
        fm.push_str(&format!(
            "[[workshops]]\ntitle = {}\nsider = [{}]\n",
            toml_str(&text(c)),
            toml_str(&format!("@/{}", c.pick(&plain)))
        ));
    }
    if c.one_in(2) {
        fm.push_str(&format!(
            "[taxonomies]\ntema = [{}, {}]\n",
            toml_str(&text(c)),
            toml_str(c.pick(&["trivsel", "Trivsel", "tæt kontakt"]))
        ));
    }
    fm
}

/// A 1×1 PNG made by hand (signature, IHDR, optional tEXt, IDAT, IEND), so the tests need no
/// image encoder; `comment` goes into a tEXt chunk, which must never survive into any output.
pub fn tiny_png(rgb: [u8; 3], comment: Option<&[u8]>) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
    if let Some(text) = comment {
        let mut data = b"Comment\0".to_vec();
        data.extend_from_slice(text);
        chunk(&mut out, b"tEXt", &data);
    }
    // A zlib stream with one stored block: the scanline's filter byte, then R, G, B.
    let raw = [0, rgb[0], rgb[1], rgb[2]];
    let mut z = vec![0x78, 0x01, 0x01, 0x04, 0x00, 0xfb, 0xff];
    z.extend_from_slice(&raw);
    z.extend_from_slice(&adler32(&raw).to_be_bytes());
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

/// `../` from a content file's folder up to `content/`.
fn up_from(key: &str) -> String {
    "../".repeat(key.matches('/').count())
}

/// The handbook pages of a project. Without mistakes, names whose addresses collide
/// (`mor & far.md` and `mor-far.md`) are not both taken.
fn page_keys(c: &mut Choices<'_>) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Vec::new();
    for _ in 0..1 + c.below(6) {
        let name = c.pick(PAGE_NAMES);
        let slug = |k: &str| bogbinder::text::i18n::slugify(k.trim_end_matches(".md"));
        let collides = keys.iter().any(|k| slug(k) == slug(name));
        if !keys.contains(&name) && (!collides || c.mistake(2)) {
            keys.push(name);
        }
    }
    keys
}

/// A whole project: config with a compendium, a front page, handbook pages, an image, and one
/// child's book full of secrets.
pub fn project(c: &mut Choices<'_>) -> Project {
    let mut p = Project::default();
    let keys = page_keys(c);
    let pages: Vec<String> = keys.iter().map(|k| toml_str(&format!("@/{k}"))).collect();
    let mut config = format!(
        "title = {}\nkommune = {}\n{}\n[[kompendier]]\nname = \"{COMPENDIUM}\"\ntitle = {}\npages = [{}]\n",
        toml_str(&text(c)),
        toml_str(&text(c)),
        if c.one_in(4) { "sprog = \"en\"" } else { "" },
        toml_str(&text(c)),
        pages.join(", "),
    );
    if keys.contains(&"kurser/kursus.md") && c.one_in(2) {
        config.push_str("kursus = \"@/kurser/kursus.md\"\n");
    }
    if !c.one_in(3) {
        // Audience editions: each is a whole handbook in output/<navn>/.
        config.push_str("\n[[udgaver]]\nnavn = \"intern\"\n\n[[udgaver]]\nnavn = \"forældre\"\n");
    }
    p.add("bogbinder.toml", &config);
    let front = Here {
        keys: &keys,
        up: "",
        secret: false,
    };
    let front_text = format!("+++\ntitle = \"Forside\"\n+++\n{}", markdown(c, front));
    p.add("content/_index.md", &front_text);
    p.add_bytes(
        "content/metoder/billede.png",
        tiny_png([10, 120, 240], None),
    );
    for &key in &keys {
        let kind = key.split('/').next().unwrap_or("");
        let fm = front_matter(c, &keys, kind);
        let up = up_from(key);
        let body = markdown(
            c,
            Here {
                keys: &keys,
                up: &up,
                secret: false,
            },
        );
        let text = if c.mistake(16) {
            format!("+++\n{fm}{body}") // never closed
        } else {
            format!("+++\n{fm}+++\n{body}")
        };
        p.add(&format!("content/{key}"), &text);
    }
    child_book(c, &mut p, &keys);
    p
}

/// Chapter file names a family would type.
const CHAPTER_NAMES: &[&str] = &[
    "01-alt-om-mig.md",
    "02-min familie.md",
    "03-mor & far.md",
    "04-100%.md",
    "05-æøå.md",
    "06-it's.md",
    "07-<x>.md",
    "08-#1 \"ven\".md",
    "09-mine-minder.md",
    "10-min-historie.md",
    "11-$x$ [a].md",
    "12-alt-om-mig.md",
];

/// `content/boeger/<BOOK>/`: bog.toml, chapters and a photo, every part carrying a secret.
fn child_book(c: &mut Choices<'_>, p: &mut Project, keys: &[&str]) {
    let dir = format!("content/boeger/{BOOK}");
    let mut toml = format!(
        "navn = {}\ntilhoerer = {}\n",
        toml_str(&format!("Zorbakvist {}", text(c))),
        toml_str(&format!("Qyxelund {}", text(c)))
    );
    if c.one_in(2) {
        toml.push_str("forside = \"billeder/zorbakvist.png\"\n");
    }
    if c.one_in(2) {
        toml.push_str(&format!(
            "[[historie]]\ndato = {}\nsted = {}\ntekst = {}\n",
            if c.mistake(3) {
                "2019-02-30"
            } else {
                c.pick(&["2019-08-01", "\"sommeren 2021\""])
            },
            toml_str(&format!("Qyxelund {}", text(c))),
            toml_str(&text(c))
        ));
    }
    if c.one_in(2) {
        let fil = if c.mistake(2) {
            c.pick(&[
                "billeder/mangler.png",
                "../../metoder/billede.png",
                "/etc/passwd",
            ])
        } else {
            "billeder/zorbakvist.png"
        };
        toml.push_str(&format!(
            "[[minder]]\nfil = {}\ntekst = {}\n",
            toml_str(fil),
            toml_str(&format!("Zorbakvist {}", text(c)))
        ));
    }
    if c.mistake(16) {
        toml.push_str("ukendt = 1\n");
    }
    p.add(&format!("{dir}/bog.toml"), &toml);
    let photo = tiny_png([200, 120, 40], Some(b"Zorbakvist GPS 55.6761 12.5683"));
    p.add_bytes(&format!("{dir}/billeder/zorbakvist.png"), photo.clone());
    p.add_bytes(&format!("{dir}/billeder/{CHILDS_PHOTO}"), photo.clone());
    let n = 1 + c.below(4);
    let here = Here {
        keys,
        up: "../../",
        secret: true,
    };
    for _ in 0..n {
        let name = c.pick(CHAPTER_NAMES);
        let mut body = markdown(c, here);
        if c.one_in(3) {
            let image = if c.mistake(2) {
                c.pick(&[
                    "../../metoder/billede.png",
                    "../../../bogbinder.toml",
                    "billeder/mangler.png",
                ])
            } else {
                "billeder/zorbakvist.png"
            };
            body.push_str(&format!("\n![Qyxelund]({image})\n"));
        }
        let fm = if c.one_in(2) {
            format!(
                "+++\ntitle = {}\n+++\n",
                toml_str(&format!("Zorbakvist {}", text(c)))
            )
        } else {
            String::new()
        };
        p.add(
            &format!("{dir}/{name}"),
            &format!("{fm}<!-- Hvad kan du lide? -->\n{body}"),
        );
    }
}

/// What one case reached, so a driver can tell whether its cases go deep enough.
#[derive(Debug, Default, Clone, Copy)]
pub struct Outcome {
    pub handbook_built: bool,
    pub books_prepared: usize,
    pub pdfs: usize,
}

/// Builds the project written in `root` as `bogbinder build` and `bogbinder book` do, and checks
/// every property; `Err` says which one broke. `compile` also makes the PDFs (slow: typst layout).
pub fn check_project(root: &Path, compile: bool) -> Result<Outcome, String> {
    let mut outcome = Outcome::default();
    if compile {
        // The whole handbook as one PDF too (typst's layout is the slow part: only sometimes).
        let config = root.join("bogbinder.toml");
        if let Ok(text) = std::fs::read_to_string(&config) {
            std::fs::write(&config, format!("pdf = true\n{text}")).map_err(|e| e.to_string())?;
        }
    }
    match bogbinder::handbook::build(root, None) {
        Ok(_) => {
            outcome.handbook_built = true;
            check_handbook_output(&root.join("output"))?;
        }
        Err(e) => {
            if std::env::var_os("BOGBINDER_FUZZ_VERBOSE").is_some() {
                eprintln!("build: {e}");
            }
            check_error(&e, "build")?
        }
    }
    let config = match bogbinder::project::config::Config::load(root) {
        Ok(c) => c,
        Err(e) => return check_error(&e, "bogbinder.toml").map(|_| outcome),
    };
    for name in [BOOK, COMPENDIUM] {
        let req = bogbinder::book::BookRequest {
            name: name.to_string(),
            ..Default::default()
        };
        let prepared = bogbinder::book::load(root, &config, &req).and_then(|book| {
            bogbinder::book::prepare(root, &config, book, &bogbinder::book::photo_cache(root))
        });
        let prepared = match prepared {
            Ok(p) => p,
            Err(e) => {
                check_error(&e, name)?;
                continue;
            }
        };
        outcome.books_prepared += 1;
        let markup = prepared.typst_markup();
        if let Some(problem) = typst_problem(&markup) {
            return Err(format!("{name}: {problem}\n{markup}"));
        }
        for (file, bytes) in prepared.photos.files() {
            if contains(bytes, b"GPS 55.6761") || contains(bytes, b"Zorbakvist") {
                return Err(format!("{name}: the photo {file} kept its metadata"));
            }
        }
        let mut outputs: Vec<(String, Vec<u8>)> = vec![
            ("HTML".into(), prepared.html.clone().into_bytes()),
            ("typst".into(), markup.into_bytes()),
        ];
        if compile {
            match prepared.pdf() {
                Ok(pdf) => {
                    outcome.pdfs += 1;
                    outputs.push(("PDF".into(), pdf.bytes));
                }
                Err(e) => return Err(format!("{name}: no PDF: {e}")),
            }
        }
        if name == COMPENDIUM {
            for (what, bytes) in &outputs {
                let bytes = &without_typed_paths(bytes);
                if let Some(s) = SECRETS.iter().find(|s| contains(bytes, s.as_bytes())) {
                    return Err(format!("the compendium's {what} holds the child's \"{s}\""));
                }
            }
        }
    }
    Ok(outcome)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// `bytes` without the paths into the child's book that handbook pages type themselves
/// ([`link_target`]): a link Markdown cannot read (`[[^1] x](../boeger/…)`) is printed as the
/// text it is, which is the page writer's words, not anything read from the book.
fn without_typed_paths(bytes: &[u8]) -> Vec<u8> {
    let typed: Vec<String> = ["boeger", "%62oeger"]
        .iter()
        .flat_map(|dir| {
            [
                "billeder/foto-af-barnet.png",
                "01-alt-om-mig.md",
                "bog.toml",
            ]
            .map(|file| format!("{dir}/{BOOK}/{file}"))
        })
        // As typst markup has them: plain text, its signs escaped.
        .flat_map(|path| {
            let escaped: String = path
                .chars()
                .flat_map(|c| match c {
                    '/' | '.' | '-' | '_' => vec!['\\', c],
                    c => vec![c],
                })
                .collect();
            [path, escaped]
        })
        .collect();
    let mut out = bytes.to_vec();
    for t in &typed {
        let t = t.as_bytes();
        while let Some(i) = out.windows(t.len()).position(|w| w == t) {
            out.splice(i..i + t.len(), std::iter::empty());
        }
    }
    out
}

/// Nothing of the child's book in any file of the handbook output, nor in its file names.
fn check_handbook_output(out: &Path) -> Result<(), String> {
    for entry in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(out).unwrap_or(entry.path());
        let name = rel.to_string_lossy();
        if name.contains("boeger") || name.contains(BOOK) {
            return Err(format!("the handbook output has {name}"));
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let mut bytes = std::fs::read(entry.path()).map_err(|e| format!("{name}: {e}"))?;
        if name.ends_with(".pdf") {
            // The handbook's PDF and the forms' PDFs: their text is in compressed streams.
            let doc = lopdf::Document::load_mem(&bytes).map_err(|e| format!("{name}: {e}"))?;
            for object in doc.objects.values() {
                if let Ok(stream) = object.as_stream() {
                    bytes.extend(stream.decompressed_content().unwrap_or_default());
                }
            }
        }
        let bytes = without_typed_paths(&bytes);
        if let Some(s) = SECRETS.iter().find(|s| contains(&bytes, s.as_bytes())) {
            return Err(format!(
                "the handbook output file {name} holds the child's \"{s}\""
            ));
        }
        if contains(&bytes, BOOK.as_bytes()) {
            return Err(format!(
                "the handbook output file {name} names the book {BOOK}"
            ));
        }
    }
    Ok(())
}

/// Problems that are about a file as a whole (its name, its existence), where no line applies.
const WHOLE_FILE_PROBLEMS: &[&str] = &[
    "filnavnet giver ingen gyldig adresse",
    "the file name gives no valid address",
    // Two files whose names give one address: the names are the problem.
    "bruges også af",
    "is also used by",
];

/// An error is a user's error: in Danish, naming the file (and the line), never a bug report.
pub fn check_error(e: &bogbinder::Error, step: &str) -> Result<(), String> {
    let all = e.to_string();
    for bad in [
        "fejl i bogbinder",
        "panicked",
        "internal error",
        "RUST_BACKTRACE",
    ] {
        if all.contains(bad) {
            return Err(format!("{step}: \"{bad}\" in the message:\n{all}"));
        }
    }
    if let Some(hint) = match e {
        bogbinder::Error::Usage(p) => p.text(bogbinder::problems::language()).hint,
        _ => None,
    } {
        if hint.contains("fejl i bogbinder") {
            return Err(format!("{step}: a bug report for user input: {hint}"));
        }
    }
    match e {
        bogbinder::Error::Invalid(d) => {
            for d in &d.0 {
                if d.file.as_os_str().is_empty() {
                    return Err(format!("{step}: a problem without a file: {d}"));
                }
                if d.code == "I001" {
                    return Err(format!("{step}: a bug in bogbinder: {d}"));
                }
                let whole_file = WHOLE_FILE_PROBLEMS.iter().any(|m| d.message.contains(m));
                if d.line.is_none() && !whole_file {
                    return Err(format!("{step}: a problem without a line: {d}"));
                }
            }
            Ok(())
        }
        bogbinder::Error::Usage(_) => Ok(()),
        bogbinder::Error::Internal(_) => Err(format!("{step}: a bug in bogbinder: {e}")),
        bogbinder::Error::Io { .. } => {
            Err(format!("{step}: an I/O error on a readable project: {e}"))
        }
    }
}

/// What is wrong with typst markup made from user text, if anything: a syntax error, or code
/// that bogbinder never writes and so can only have come from the text ([`ATOMS`] holds
/// `#panic(..)` and `#let x = 1`, which must reach typst as plain text).
pub fn typst_problem(markup: &str) -> Option<String> {
    use typst::syntax::{SyntaxKind, SyntaxNode};
    let source = typst::syntax::Source::detached(markup);
    let (errors, _) = source.root().errors_and_warnings();
    if !errors.is_empty() {
        let messages: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
        return Some(format!("the typst markup does not parse: {messages:?}"));
    }
    fn walk(n: &SyntaxNode) -> Option<String> {
        let first_ident = n.children().find(|c| c.kind() == SyntaxKind::Ident);
        let named = |name: &str| first_ident.is_some_and(|c| c.leaf_text() == name);
        match n.kind() {
            SyntaxKind::FuncCall if named("panic") => {
                return Some("text ran as typst code: a #panic call".into())
            }
            SyntaxKind::LetBinding if named("x") => {
                return Some("text ran as typst code: #let x".into())
            }
            SyntaxKind::WhileLoop | SyntaxKind::ModuleImport | SyntaxKind::ModuleInclude => {
                return Some(format!("text ran as typst code: {:?}", n.kind()))
            }
            _ => {}
        }
        n.children().find_map(walk)
    }
    walk(source.root())
}

fn check_line(d: &bogbinder::Diagnostic, text: &str) {
    let lines = text.lines().count().max(1) + 1;
    match d.line {
        Some(l) if l >= 1 && l <= lines => {}
        _ => panic!("problem without a line in the file ({lines} lines): {d}"),
    }
}

/// Any text as a content file: front matter, the handbook's Markdown renderer and a book
/// chapter's typst markup, all in memory (the `markdown` fuzz target). Panics on a broken property:
/// every problem has a line inside the file; the markup parses and runs none of the text as code.
pub fn check_text(data: &[u8]) {
    let file = Path::new("content/metoder/side.md");
    let text = match bogbinder::handbook::load::decode_text(data) {
        Ok(t) => t,
        Err(d) => return check_line(&d, &String::from_utf8_lossy(data)),
    };
    let (body, body_line) = match bogbinder::handbook::frontmatter::split(&text, file) {
        Ok(split) => {
            if let Err(d) = bogbinder::handbook::frontmatter::parse(&split, file) {
                check_line(&d, &text);
            }
            (split.body.to_string(), split.body_line)
        }
        Err(d) => return check_line(&d, &text),
    };
    let root = Path::new("/nonexistent-bogbinder-fuzz");
    let urls: HashMap<String, String> = [
        ("metoder/a.md".to_string(), "metoder/a/".to_string()),
        ("metoder/side.md".to_string(), "metoder/side/".to_string()),
    ]
    .into_iter()
    .collect();
    let scope = std::sync::Arc::new(bogbinder::project::files::Scope::handbook(root));
    let ctx = LinkContext {
        files: &scope,
        content_dir: &root.join("content"),
        urls: &urls,
        page_dir: "metoder".into(),
        file,
        body_line,
        private_prefixes: &["boeger/"],
        lang: bogbinder::text::i18n::Language::Da,
        left_out: &Default::default(),
    };
    let (_, diags) = render(&body, &ctx);
    for d in &diags {
        check_line(d, &text);
    }

    let md = MarkdownText {
        text: body.clone(),
        file: file.to_path_buf(),
        line: body_line,
        dir: root.join("content/metoder"),
        scope: std::sync::Arc::clone(&scope),
        root: root.to_path_buf(),
    };
    let title: String = body
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(200)
        .collect();
    let book = Book {
        slug: "fuzz".into(),
        kind: BookKind::Kompendium,
        title: title.clone(),
        subtitle: Some(title.clone()),
        owner_line: Some(title.clone()),
        cover: None,
        consent: None,
        chapters: vec![Chapter {
            id: "kapitel".into(),
            key: None,
            title,
            blocks: vec![Block::Markdown(md)],
        }],
        pdfa: false,
        arkiv: false,
        lang: bogbinder::text::i18n::Language::Da,
        // The child's design: no hyphenation, the rounded font, chapters sharing pages.
        reader: bogbinder::book::design::Reader::Barn,
        design: bogbinder::book::design::Reader::Barn.design(),
        fill_in: false,
        files: std::sync::Arc::clone(&scope),
        course: None,
    };
    let photos = bogbinder::book::photos::Processed::default();
    let text = bogbinder::book::write::document(&book, &photos, &HashMap::new());
    let markup = bogbinder::book::write::typst(&book, &text).text;
    if let Some(problem) = typst_problem(&markup) {
        panic!("{problem}\n{markup}");
    }
}
