//! Forms (```` ```skema ```` blocks): mistakes told at file:line:col, the accessible HTML form,
//! and the fillable PDF beside the page, whose AcroForm fields are read back with lopdf.
mod common;
use common::*;
use lopdf::{Document, Object, ObjectId};
use std::collections::BTreeMap;

const SKEMA: &str = "+++
title = \"Trivselsskema\"
+++
Vurder barnets trivsel.

## Skemaet

```skema
tekst: Barnets navn
dato: Dato
langtekst: Det har vi set
afkryds: Forældrene er orienteret
valg: Barnet deltog | hele mødet | ikke
trafiklys med noter: Humør og glæde | Venskaber og leg
skala: Trivsel i dag | Meget dårligt | Rigtig godt
matrix: rækker Styrker | Belastninger / kolonner Barnet selv | Omgivelserne
plan:
```

## Aftaler

```skema
plan: Mål | Hvem
```
";

fn project() -> Project {
    let p = Project::new();
    p.file("content/redskaber/skema.md", SKEMA);
    p
}

#[test]
fn mistakes_in_a_form_are_told_at_their_line_and_column() {
    let p = Project::new();
    // Line 4 is the fence; the fields start on line 5.
    p.file(
        "content/redskaber/x.md",
        "+++\ntitle = \"X\"\n+++\n```skema\ntekts: Navn\nBarnets navn\ntekst:\nvalg: Deltog | ja\n\
         matrix: A | B\n  plan: a | b | c | d | e\nvalg: a | | c\n```\n\n```skema\n% kun en note\n```\n\n\
         ```skema\ntekst [intern]: Vurdering\n```\n",
    );
    let run = p.build();
    run.assert_codes(&[
        "M130", "M131", "M132", "M133", "M134", "M135", "M136", "M137", "M138",
    ]);
    let err = run.stderr();
    for place in [
        "fejl[M130]: content/redskaber/x.md:5:1:",
        "fejl[M131]: content/redskaber/x.md:6:1:",
        "fejl[M132]: content/redskaber/x.md:7:7:",
        "fejl[M133]: content/redskaber/x.md:8:6:",
        "fejl[M134]: content/redskaber/x.md:9:8:",
        "fejl[M136]: content/redskaber/x.md:10:8:",
        "fejl[M137]: content/redskaber/x.md:11:6:",
        "fejl[M135]: content/redskaber/x.md:15:1:",
        "fejl[M138]: content/redskaber/x.md:19:7:",
    ] {
        assert!(err.contains(place), "{place} not in:\n{err}");
    }
    assert!(err.contains("mente du \"tekst\"?"), "{err}");
    assert!(
        !p.exists("output"),
        "nothing is written when a form is wrong"
    );
}

#[test]
fn a_form_is_an_accessible_html_form_that_sends_and_keeps_nothing() {
    let p = project();
    p.build().assert_ok();
    let html = p.read("output/redskaber/skema/index.html");
    let form_start = html.find("<form class=\"skema\"").expect("a form");
    let form = &html[form_start..];
    let form = &form[..form.find("</form>").unwrap()];
    // Nowhere to send it, nothing remembered by the browser.
    assert!(!form.contains("action="), "{form}");
    assert!(!form.contains("type=\"submit\""), "{form}");
    assert!(form.contains("autocomplete=\"off\""));
    assert!(html.contains("Det du skriver, gemmes ikke og sendes ikke."));
    assert!(html.contains(">Udskriv<") && html.contains(">Udskriv tomt skema<"));
    // Every field is inside its label, or named for a screen reader (a matrix's cells); no label
    // points to an id, which the print view of the whole handbook renames.
    let mut count = 0;
    for (at, _) in form
        .match_indices("<input")
        .chain(form.match_indices("<textarea"))
    {
        count += 1;
        let before = &form[..at];
        let tag = &form[at..at + form[at..].find('>').unwrap()];
        let in_label = match (before.rfind("<label"), before.rfind("</label>")) {
            (Some(open), Some(close)) => open > close,
            (Some(_), None) => true,
            _ => false,
        };
        assert!(
            in_label || tag.contains("aria-label=\""),
            "no label for {tag}"
        );
    }
    // text, date, long text, checkbox; a choice of two; two rows of three lights and a note;
    // ten steps; four cells; three columns.
    assert_eq!(
        count,
        4 + 2 + 2 * 4 + 10 + 4 + 3,
        "every field was looked at"
    );
    assert!(
        !form.contains(" for=\"") && !form.contains(" id=\""),
        "{form}"
    );
    // Radio groups are fieldsets with a legend: the choice, each traffic-light row, the scale.
    for legend in [
        "<legend>Barnet deltog</legend>",
        "<legend>Humør og glæde</legend>",
        "<legend>Venskaber og leg</legend>",
        "<legend>Trivsel i dag</legend>",
    ] {
        assert!(form.contains(legend), "{legend}");
    }
    assert_eq!(form.matches("type=\"radio\"").count(), 2 + 2 * 3 + 10);
    assert_eq!(form.matches("<textarea").count(), 1 + 3);
    assert!(form.contains("<input type=\"date\""));
    assert!(form.contains("<th scope=\"row\">Styrker</th>"));
    assert!(form.contains("aria-label=\"Belastninger: Omgivelserne\""));
    for q in ["Hvad bekymrer os?", "Hvad går godt?", "Hvad skal der ske?"] {
        assert!(form.contains(q), "{q}");
    }
    // The fillable PDF is linked and written; style and script are in the output.
    let hrefs = attr_values(&html, "href");
    assert!(
        hrefs.iter().any(|h| h == "../../redskaber/skema/skema.pdf"),
        "{hrefs:?}"
    );
    assert!(p.exists("output/redskaber/skema/skema.pdf"));
    assert!(p.exists("output/static/skema.js") && p.exists("output/static/skema.css"));
    let js = p.read("output/static/skema.js");
    assert!(!js.contains("localStorage") && !js.contains("fetch("));
    assert!(broken_links(&p.path().join("output")).is_empty());
}

/// The field dictionaries of the PDF by name: (type, flags, rects with their page number).
type Fields = BTreeMap<String, (String, i64, Vec<(u32, [f32; 4])>)>;

fn text(o: &Object) -> String {
    let Object::String(b, _) = o else {
        return String::new();
    };
    if b.starts_with(&[0xFE, 0xFF]) {
        let u: Vec<u16> = b[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&u)
    } else {
        String::from_utf8_lossy(b).into_owned()
    }
}

fn fields(doc: &Document) -> Fields {
    let page_of: BTreeMap<ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let catalog = doc.catalog().unwrap();
    let form = doc
        .get_dictionary(catalog.get(b"AcroForm").unwrap().as_reference().unwrap())
        .unwrap();
    let mut out = Fields::new();
    for f in form.get(b"Fields").unwrap().as_array().unwrap() {
        let d = doc.get_dictionary(f.as_reference().unwrap()).unwrap();
        let name = text(d.get(b"T").unwrap());
        let ty = String::from_utf8_lossy(d.get(b"FT").unwrap().as_name().unwrap()).into_owned();
        let flags = d.get(b"Ff").and_then(|f| f.as_i64()).unwrap_or(0);
        let widgets: Vec<ObjectId> = match d.get(b"Kids") {
            Ok(kids) => kids
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k.as_reference().unwrap())
                .collect(),
            Err(_) => vec![f.as_reference().unwrap()],
        };
        let rects = widgets
            .iter()
            .map(|w| {
                let wd = doc.get_dictionary(*w).unwrap();
                let page = page_of[&wd.get(b"P").unwrap().as_reference().unwrap()];
                // The widget is listed in its page's annotations too.
                let annots = doc
                    .get_dictionary(wd.get(b"P").unwrap().as_reference().unwrap())
                    .unwrap();
                let listed = match annots.get(b"Annots").unwrap() {
                    Object::Array(a) => a.clone(),
                    Object::Reference(r) => doc.get_object(*r).unwrap().as_array().unwrap().clone(),
                    _ => Vec::new(),
                };
                assert!(listed.contains(&Object::Reference(*w)));
                let r: Vec<f32> = wd
                    .get(b"Rect")
                    .unwrap()
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_float().unwrap())
                    .collect();
                (page, [r[0], r[1], r[2], r[3]])
            })
            .collect();
        out.insert(name, (ty, flags, rects));
    }
    out
}

#[test]
fn the_pdf_has_real_fields_of_each_kind_on_the_right_page() {
    let p = project();
    p.build().assert_ok();
    let doc = Document::load(p.path().join("output/redskaber/skema/skema.pdf")).unwrap();
    let f = fields(&doc);
    let names: Vec<&str> = f.keys().map(String::as_str).collect();
    for (name, ty) in [
        ("Barnets navn", "Tx"),
        ("Dato", "Tx"),
        ("Det har vi set", "Tx"),
        ("Forældrene er orienteret", "Btn"),
        ("Barnet deltog", "Btn"),
        ("Humør og glæde", "Btn"),
        ("Humør og glæde – Det har vi set", "Tx"),
        ("Trivsel i dag", "Btn"),
        ("Styrker – Barnet selv", "Btn"),
        ("Belastninger – Omgivelserne", "Btn"),
        ("Hvad bekymrer os?", "Tx"),
        ("Hvad skal der ske?", "Tx"),
    ] {
        let Some((t, _, _)) = f.get(name) else {
            panic!("no field {name:?} in {names:?}")
        };
        assert_eq!(t, ty, "{name}");
    }
    // Radio groups: one button per choice, never all off once chosen.
    let radio = (1 << 15) | (1 << 14);
    assert_eq!(f["Barnet deltog"].1, radio);
    assert_eq!(f["Barnet deltog"].2.len(), 2);
    assert_eq!(f["Humør og glæde"].2.len(), 3);
    assert_eq!(f["Trivsel i dag"].2.len(), 10);
    assert_eq!(
        f["Forældrene er orienteret"].1, 0,
        "a checkbox, not a button"
    );
    // Each button's "on" appearance is named by its value: the traffic light's three colours.
    let catalog = doc.catalog().unwrap();
    let form = doc
        .get_dictionary(catalog.get(b"AcroForm").unwrap().as_reference().unwrap())
        .unwrap();
    let mut states = Vec::new();
    for field in form.get(b"Fields").unwrap().as_array().unwrap() {
        let d = doc.get_dictionary(field.as_reference().unwrap()).unwrap();
        if text(d.get(b"T").unwrap()) != "Humør og glæde" {
            continue;
        }
        for kid in d.get(b"Kids").unwrap().as_array().unwrap() {
            let k = doc.get_dictionary(kid.as_reference().unwrap()).unwrap();
            let ap = k
                .get(b"AP")
                .unwrap()
                .as_dict()
                .unwrap()
                .get(b"N")
                .unwrap()
                .as_dict()
                .unwrap();
            let on: Vec<String> = ap
                .iter()
                .map(|(n, _)| String::from_utf8_lossy(n).into_owned())
                .filter(|n| n != "Off")
                .collect();
            states.extend(on);
            assert_eq!(
                k.get(b"AS").unwrap().as_name().unwrap(),
                b"Off",
                "nothing chosen yet"
            );
        }
    }
    assert_eq!(states, ["groen", "gul", "roed"]);
    // Long text is multiline, a text line is not.
    assert_eq!(f["Det har vi set"].1 & (1 << 12), 1 << 12);
    assert_eq!(f["Barnets navn"].1 & (1 << 12), 0);
    // Rectangles: on the page, in reading order, the width given by the layout.
    let (_, [x0, y0, x1, y1]) = f["Barnets navn"].2[0];
    assert!(
        (x0 - 50.0).abs() < 0.5 && (x1 - 545.0).abs() < 0.5,
        "{x0} {x1}"
    );
    assert!(y1 > y0 && y1 < 842.0 && y0 > 0.0);
    let below = |a: &str, b: &str| f[a].2[0].1[1] > f[b].2[0].1[3];
    assert!(below("Barnets navn", "Dato") && below("Dato", "Det har vi set"));
    // The scale's ten buttons stand in a row, left to right.
    let xs: Vec<f32> = f["Trivsel i dag"].2.iter().map(|(_, r)| r[0]).collect();
    assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
    // The last plan does not fit on the first page: its fields are placed on the second.
    assert_eq!(doc.get_pages().len(), 2);
    assert_eq!(f["Barnets navn"].2[0].0, 1);
    assert_eq!(f["Hvem"].2[0].0, 2);
    let (_, [_, _, _, top]) = f["Hvem"].2[0];
    assert!(top > 600.0, "at the top of page 2: {top}");
}

#[test]
fn every_page_gets_its_own_pdf_and_pages_without_forms_none() {
    let p = project();
    p.file(
        "content/redskaber/lineal.md",
        "+++\ntitle = \"Lineal\"\n+++\n```skema\nskala: I dag\n```\n\n```python\nskala: ikke et skema\n```\n",
    )
    .file("content/redskaber/tekst.md", "+++\ntitle = \"Tekst\"\n+++\n```\ntekst: ikke et skema\n```\n");
    p.build().assert_ok();
    assert!(p.exists("output/redskaber/lineal/skema.pdf"));
    assert!(!p.exists("output/redskaber/tekst/skema.pdf"));
    let html = p.read("output/redskaber/lineal/index.html");
    assert_eq!(html.matches("<form class=\"skema\"").count(), 1, "{html}");
    assert!(html.contains("ikke et skema"), "other code stays code");
    let doc = Document::load(p.path().join("output/redskaber/lineal/skema.pdf")).unwrap();
    assert_eq!(fields(&doc).keys().collect::<Vec<_>>(), ["I dag"]);
}

#[test]
fn the_demo_tools_are_forms() {
    let p = demo_project();
    p.build().assert_ok();
    for page in [
        "trivselsskema",
        "trivselslineal",
        "robusthedsmatrix",
        "handleplan-tre-spoergsmaal",
    ] {
        let html = p.read(&format!("output/redskaber/{page}/index.html"));
        assert!(html.contains("<form class=\"skema\""), "{page}");
        assert!(
            !html.contains('☐'),
            "{page} still has boxes to draw by hand"
        );
        let doc =
            Document::load(p.path().join(format!("output/redskaber/{page}/skema.pdf"))).unwrap();
        assert!(fields(&doc).len() >= 3, "{page}");
    }
}

/// The example in each guide (between ```` fences) builds, and gives the form it promises.
#[test]
fn the_documented_examples_build() {
    for doc in ["docs/indhold.md", "docs/forms.md"] {
        let text =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(doc))
                .unwrap();
        let start = text.find("````\n").expect("an example") + 5;
        let example = &text[start..start + text[start..].find("````\n").unwrap()];
        let p = Project::new();
        p.file(
            "content/redskaber/eksempel.md",
            &format!("+++\ntitle = \"Eksempel\"\n+++\n{example}"),
        );
        p.build().assert_ok();
        let html = p.read("output/redskaber/eksempel/index.html");
        assert_eq!(html.matches("<fieldset").count(), 3 + 1 + 1, "{doc}");
        let pdf = Document::load(p.path().join("output/redskaber/eksempel/skema.pdf")).unwrap();
        assert!(fields(&pdf).contains_key("Hvad går godt?"), "{doc}");
    }
}

/// Labels are text, never markup or code, in the HTML and in the PDF's typst.
#[test]
fn hostile_labels_are_shown_as_written() {
    let hostile = r#"#import "x": * ] ) $ <bbf> @ref \ "q" & <b>x</b> // 'a'"#;
    let p = Project::new();
    p.file(
        "content/redskaber/x.md",
        &format!("+++\ntitle = \"X\"\n+++\n```skema\ntekst: {hostile}\nvalg: {hostile} | ja | nej\n```\n"),
    );
    p.build().assert_ok();
    let html = p.read("output/redskaber/x/index.html");
    assert!(!html.contains("<b>x</b>"), "HTML in a label is escaped");
    assert!(
        html.contains("&lt;b&gt;x&lt;&#x2F;b&gt;") || html.contains("&lt;b&gt;x&lt;/b&gt;"),
        "{html}"
    );
    let pdf = p.path().join("output/redskaber/x/skema.pdf");
    let shown = pdf_text(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let want = hostile.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(shown.contains(&want), "{shown}");
    let f = fields(&Document::load(&pdf).unwrap());
    assert!(
        f.contains_key(hostile) && f.contains_key(&format!("{hostile} 2")),
        "{:?}",
        f.keys()
    );
}

/// The PDF is the same bytes in every build, as the preview's "incremental equals full" needs.
#[test]
fn the_pdf_is_the_same_in_every_build() {
    let p = project();
    p.build().assert_ok();
    let first = std::fs::read(p.path().join("output/redskaber/skema/skema.pdf")).unwrap();
    p.build().assert_ok();
    let second = std::fs::read(p.path().join("output/redskaber/skema/skema.pdf")).unwrap();
    assert!(first == second);
}

/// An English handbook (`sprog = "en"`) shows the form's own words in English, on the page and in
/// the PDF; the kinds are still written in Danish.
#[test]
fn an_english_handbook_shows_forms_in_english() {
    let p = Project::new();
    p.file(
        "bogbinder.toml",
        &format!("{MINIMAL_CONFIG}sprog = \"en\"\n"),
    )
    .file(
        "content/redskaber/x.md",
        "+++\ntitle = \"Wellbeing\"\n+++\n```skema\ntrafiklys med noter: Play\n```\n",
    );
    p.build().assert_ok();
    let html = p.read("output/redskaber/x/index.html");
    for words in [
        "What you type is not saved and not sent.",
        ">Print blank form<",
        "Download as fillable PDF",
        " Yellow</label>",
    ] {
        assert!(html.contains(words), "{words} not in {html}");
    }
    assert!(!html.contains("gemmes ikke"));
    let pdf = pdf_text(&p.path().join("output/redskaber/x/skema.pdf"));
    assert!(
        pdf.contains("Green") && pdf.contains("What we have seen"),
        "{pdf}"
    );
}

/// A book's chapter with forms: the one of [`SKEMA`] and one with a mistake.
const BOOK_CHAPTER: &str = "Sådan har jeg det.\n\n```skema\ntekst: Mit kaldenavn\n\
trafiklys: Leg | Venskaber\nskala: Sådan har jeg det i dag | Skidt | Super\nplan:\n```\n\n\
```skema\ntekts: Stavet forkert\n```\n";

#[test]
fn a_form_in_a_compendium_is_printed_with_blank_fields_and_shown_as_a_form() {
    let p = Project::new();
    // The handbook has an edition `intern`; one field of the page is only for it.
    let skema = SKEMA.replace(
        "plan: Mål | Hvem\n",
        "plan: Mål | Hvem\ntekst [KUN: intern]: Kun internt FELTORD\n",
    );
    assert!(skema.contains("FELTORD"));
    p.file("content/redskaber/skema.md", &skema).file(
        "bogbinder.toml",
        &format!(
            "{MINIMAL_CONFIG}[[udgaver]]\nnavn = \"intern\"\n\n[[kompendier]]\nname = \"k\"\ntitle = \"K\"\npages = [\"@/redskaber/skema.md\"]\n"
        ),
    );
    p.run(&["book", "k"]).assert_ok();
    let text = pdf_text(&p.path().join("boeger-output/k/k.pdf"));
    for label in [
        "Barnets navn",
        "Det har vi set",
        "Forældrene er orienteret",
        "hele mødet",
        "Humør og glæde",
        "Meget dårligt",
        "Omgivelserne",
        "Hvad bekymrer os?",
        "Mål",
    ] {
        assert!(text.contains(label), "{label:?} not in:\n{text}");
    }
    // A book belongs to no edition: a field limited to some is not printed.
    assert!(!text.contains("FELTORD"), "{text}");
    assert!(!p.read("boeger-output/k/k.html").contains("FELTORD"));
    for raw in ["tekst:", "trafiklys med noter:", "plan:", "skala:"] {
        assert!(!text.contains(raw), "{raw:?} printed as written:\n{text}");
    }
    let html = p.read("boeger-output/k/k.html");
    assert!(!html.contains("tekst: Barnets navn"), "{html}");
    assert!(html.contains("<label"), "{html}");
    assert!(html.contains("<fieldset"), "{html}");
    assert!(html.contains("gemmes ikke"), "{html}");
    assert!(!html.contains("<form action"), "{html}");
}

#[test]
fn a_form_in_a_childs_book_is_printed_and_a_mistake_stops_the_book_at_its_line() {
    let p = Project::new();
    p.file("content/boeger/test/bog.toml", "navn = \"Test\"\n");
    p.file("content/boeger/test/01-alt-om-mig.md", BOOK_CHAPTER);
    let run = p.run(&["book", "test"]);
    run.assert_codes(&["M130"]);
    assert!(
        run.stderr()
            .contains("content/boeger/test/01-alt-om-mig.md:11:1"),
        "{}",
        run.stderr()
    );
    let good = BOOK_CHAPTER.replace("tekts:", "tekst:");
    p.file("content/boeger/test/01-alt-om-mig.md", &good);
    p.file("content/boeger/test/02-min-familie.md", &good);
    p.run(&["book", "test"]).assert_ok();
    let text = pdf_text(&p.path().join("boeger-output/test/test.pdf"));
    for label in [
        "Mit kaldenavn",
        "Venskaber",
        "Hvad går godt?",
        "Skidt",
        "Stavet forkert",
    ] {
        assert!(text.contains(label), "{label:?} not in:\n{text}");
    }
    assert!(
        !text.contains("tekst:") && !text.contains("trafiklys:"),
        "{text}"
    );
    // Two chapters' forms in one HTML file: every field's name is its own.
    let html = p.read("boeger-output/test/test.html");
    let names: Vec<&str> = (html.split(" name=\"").skip(1))
        .filter_map(|s| s.split('"').next())
        .filter(|n| n.starts_with("skema"))
        .collect();
    let unique: std::collections::HashSet<_> = names.iter().collect();
    // Eight fields or radio groups a chapter (a radio group shares one name), none shared.
    assert_eq!(unique.len(), 16, "{names:?}");
    assert!(
        html.contains(".skema-felt"),
        "the form's CSS travels with the book"
    );
}

#[test]
fn a_course_kits_evaluation_form_is_made_from_the_form_vocabulary_with_real_fields() {
    let p = Project::new();
    p.file(
        "bogbinder.toml",
        &format!(
            "{MINIMAL_CONFIG}[[kompendier]]\nname = \"kursus\"\ntitle = \"Kurset\"\nkursus = \"@/k.md\"\npages = [\"@/a.md\"]\n"
        ),
    );
    p.file(
        "content/k.md",
        "+++\ntitle = \"K\"\n[[workshops]]\ntitle = \"W1\"\nsider = [\"@/a.md\"]\n[[workshops]]\ntitle = \"W2\"\n+++\n",
    );
    p.file("content/a.md", "+++\ntitle = \"A\"\n+++\nA.\n");
    p.run(&["book", "kursus"]).assert_ok();
    let path = p.path().join("boeger-output/kursus/kursus-evaluering.pdf");
    let fields = fields(&Document::load(&path).unwrap());
    let names: Vec<&str> = fields.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "Hvad kunne have gjort workshoppen bedre?",
            "Hvad tager du med dig fra workshoppen?",
            "Hvad vil du prøve af i din egen praksis til næste gang?",
            "Hvor godt kunne du bruge workshoppen?",
            "Workshop",
        ]
    );
    // A radio button per workshop and per step of the scale, a multiline text field per question.
    assert_eq!(fields["Workshop"].2.len(), 2);
    assert_eq!(fields["Hvor godt kunne du bruge workshoppen?"].2.len(), 10);
    assert_eq!(fields["Hvad tager du med dig fra workshoppen?"].0, "Tx");
    let text = pdf_text(&path);
    assert!(
        text.contains("Evaluering") && text.contains("Kurset"),
        "{text}"
    );
}
