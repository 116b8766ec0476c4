//! A [`Form`] as an accessible HTML form: a label around every field, a fieldset with a legend
//! for every group of radio buttons, nothing sent (no action, no submit) and nothing remembered by
//! the browser (`autocomplete="off"`). Labels hold their field instead of naming its id, so the
//! print view of the whole handbook, which renames ids, keeps every label with its field. `static/skema.js` adds the print buttons and copies long
//! answers into blocks that print in full; `static/skema.css` lays it out for screen and paper.

use super::{Field, Form, Kind};
use crate::handbook::markdown::{escape_html, ROOT_MARK};
use crate::text::i18n::Language;
use std::fmt::Write;

/// The words a form shows, in the handbook's language.
struct Words {
    lights: [(&'static str, &'static str); 3],
    seen: &'static str,
    form: &'static str,
    matrix: &'static str,
    notice: &'static str,
    print: &'static str,
    print_blank: &'static str,
    pdf: &'static str,
}

fn words(lang: Language) -> Words {
    match lang {
        Language::Da => Words {
            lights: [("groen", "Grøn"), ("gul", "Gul"), ("roed", "Rød")],
            seen: "Det har vi set",
            form: "Skema",
            matrix: "Matrix",
            notice:
                "Det du skriver, gemmes ikke og sendes ikke. Udskriv skemaet, før du lukker siden.",
            print: "Udskriv",
            print_blank: "Udskriv tomt skema",
            pdf: "Hent som udfyldelig PDF",
        },
        Language::En => Words {
            lights: [("groen", "Green"), ("gul", "Yellow"), ("roed", "Red")],
            seen: "What we have seen",
            form: "Form",
            matrix: "Matrix",
            notice:
                "What you type is not saved and not sent. Print the form before you close the page.",
            print: "Print",
            print_blank: "Print blank form",
            pdf: "Download as fillable PDF",
        },
    }
}

/// What the page says happens to what is typed (nothing is saved or sent).
pub fn notice(lang: Language) -> &'static str {
    words(lang).notice
}

/// The traffic light's three colours: export value and words, for both writers.
pub fn lights(lang: Language) -> [(&'static str, &'static str); 3] {
    words(lang).lights
}

/// Names the fields of one page (a radio group is one name). The page's own name is in every
/// name, so groups stay apart where pages are shown together (the print view of the handbook).
#[derive(Default)]
pub struct Ids {
    page: String,
    next: usize,
}

impl Ids {
    /// Ids for the page whose path in `content/` is `key`.
    pub fn for_page(key: &str) -> Ids {
        let slug = crate::text::i18n::slugify(key.trim_end_matches(".md"));
        Ids {
            page: slug,
            next: 0,
        }
    }

    fn take(&mut self) -> String {
        self.next += 1;
        match self.page.as_str() {
            "" => format!("skema-{}", self.next),
            page => format!("skema-{page}-{}", self.next),
        }
    }
}

/// What goes before a page's first form: what happens to what is typed, the print buttons (shown
/// by the script), the fillable PDF (`pdf_href`, with the name it is saved as), and the form's
/// style and script.
pub fn toolbar(lang: Language, pdf: Option<(&str, &str)>) -> String {
    let w = words(lang);
    let mut out = String::from("<div class=\"skema-vaerktoej\">\n");
    let _ = writeln!(
        out,
        "<p class=\"skema-besked\">{}</p>",
        escape_html(w.notice)
    );
    out.push_str("<p class=\"skema-knapper\">");
    let _ = write!(
        out,
        "<button type=\"button\" class=\"skema-udskriv\" hidden>{}</button> \
         <button type=\"button\" class=\"skema-udskriv-tomt\" hidden>{}</button>",
        escape_html(w.print),
        escape_html(w.print_blank)
    );
    if let Some((href, name)) = pdf {
        let _ = write!(
            out,
            " <a class=\"skema-pdf\" href=\"{}\" download=\"{}\">{}</a>",
            escape_html(href),
            escape_html(name),
            escape_html(w.pdf)
        );
    }
    out.push_str("</p>\n</div>\n");
    let _ = writeln!(
        out,
        "<link rel=\"stylesheet\" href=\"{ROOT_MARK}static/skema.css\">\n\
         <script src=\"{ROOT_MARK}static/skema.js\" defer></script>"
    );
    out
}

/// A block as the handbook writes it: the HTML (after the toolbar, before the page's `first`
/// form) and the form read, or the block's mistakes.
pub fn block(
    text: &str,
    heading: Option<String>,
    first: bool,
    ids: &mut Ids,
    lang: Language,
    pdf: Option<(&str, &str)>,
) -> Result<(String, Form), Vec<super::FormError>> {
    let form = super::parse(text, heading)?;
    let mut html = String::new();
    if first {
        html.push_str(&toolbar(lang, pdf));
    }
    html.push_str(&self::form(&form, ids, lang));
    Ok((html, form))
}

/// One form block as HTML.
pub fn form(form: &Form, ids: &mut Ids, lang: Language) -> String {
    let w = words(lang);
    let name = form.heading.as_deref().unwrap_or(w.form);
    let mut out = format!(
        "<form class=\"skema\" autocomplete=\"off\" aria-label=\"{}\">\n",
        escape_html(name)
    );
    for f in &form.fields {
        field(f, ids, &w, &mut out);
    }
    out.push_str("</form>\n");
    out
}

fn field(f: &Field, ids: &mut Ids, w: &Words, out: &mut String) {
    let label = escape_html(&f.label);
    match &f.kind {
        Kind::Text | Kind::Date => {
            let name = ids.take();
            let (class, ty) = match f.kind {
                Kind::Date => ("skema-dato", "date"),
                _ => ("skema-tekst", "text"),
            };
            let _ = writeln!(
                out,
                "<div class=\"skema-felt {class}\"><label><span class=\"skema-etiket\">{label}</span>\
                 <input type=\"{ty}\" name=\"{name}\" autocomplete=\"off\"></label></div>"
            );
        }
        Kind::LongText => {
            let name = ids.take();
            let _ = writeln!(
                out,
                "<div class=\"skema-felt skema-langtekst\"><label><span class=\"skema-etiket\">{label}</span>\
                 {}</label></div>",
                textarea(&name, 4, None)
            );
        }
        Kind::Check => {
            let name = ids.take();
            let _ = writeln!(
                out,
                "<div class=\"skema-felt skema-afkryds\"><label><input type=\"checkbox\" \
                 name=\"{name}\"> {label}</label></div>"
            );
        }
        Kind::Choice(choices) => {
            let group = ids.take();
            let _ = write!(
                out,
                "<fieldset class=\"skema-felt skema-valg\"><legend>{label}</legend>"
            );
            for (n, c) in choices.iter().enumerate() {
                radio(out, &group, &(n + 1).to_string(), &escape_html(c), "");
            }
            out.push_str("</fieldset>\n");
        }
        Kind::TrafficLight { rows, notes } => traffic_light(rows, *notes, ids, w, out),
        Kind::Scale { low, high } => {
            let group = ids.take();
            let _ = write!(
                out,
                "<fieldset class=\"skema-felt skema-skala\"><legend>{label}</legend>\
                 <div class=\"skema-skala-trin\">"
            );
            for n in 1..=10 {
                let end = match n {
                    1 => low.as_deref(),
                    10 => high.as_deref(),
                    _ => None,
                };
                let text = match end {
                    Some(e) => format!(
                        "{n}<span class=\"visually-hidden\"> ({})</span>",
                        escape_html(e)
                    ),
                    None => n.to_string(),
                };
                radio(out, &group, &n.to_string(), &text, "");
            }
            out.push_str("</div>");
            if low.is_some() || high.is_some() {
                let _ = write!(
                    out,
                    "<p class=\"skema-skala-ender\" aria-hidden=\"true\"><span>{}</span><span>{}</span></p>",
                    escape_html(low.as_deref().unwrap_or("")),
                    escape_html(high.as_deref().unwrap_or(""))
                );
            }
            out.push_str("</fieldset>\n");
        }
        Kind::Matrix {
            rows,
            columns,
            text,
        } => matrix(rows, columns, *text, ids, w, out),
        Kind::Plan(columns) => {
            let _ = write!(
                out,
                "<div class=\"skema-felt skema-plan skema-plan-{}\">",
                columns.len()
            );
            for c in columns {
                let name = ids.take();
                let _ = write!(
                    out,
                    "<div class=\"skema-plan-kolonne\"><label><span class=\"skema-etiket\">{}</span>{}</label></div>",
                    escape_html(c),
                    textarea(&name, 10, None)
                );
            }
            out.push_str("</div>\n");
        }
    }
}

/// A text area; `hidden_label` labels it for a screen reader where no visible label is near.
fn textarea(name: &str, rows: usize, hidden_label: Option<&str>) -> String {
    let aria = hidden_label
        .map(|l| format!(" aria-label=\"{}\"", escape_html(l)))
        .unwrap_or_default();
    format!("<textarea name=\"{name}\" rows=\"{rows}\" autocomplete=\"off\"{aria}></textarea>")
}

/// One radio button of `group` with its label (already HTML).
fn radio(out: &mut String, group: &str, value: &str, label: &str, class: &str) {
    let _ = write!(
        out,
        "<label class=\"skema-radio{class}\"><input type=\"radio\" name=\"{group}\" \
         value=\"{value}\"> {label}</label>"
    );
}

/// One fieldset per row, legend the row's name, three radio buttons (and a note line).
fn traffic_light(rows: &[String], notes: bool, ids: &mut Ids, w: &Words, out: &mut String) {
    out.push_str("<div class=\"skema-felt skema-trafiklys\">\n");
    for row in rows {
        let group = ids.take();
        let _ = write!(
            out,
            "<fieldset class=\"skema-trafiklys-raekke\"><legend>{}</legend><div class=\"skema-lys\">",
            escape_html(row)
        );
        for (value, word) in w.lights {
            let class = format!(" skema-lys-{value}");
            radio(out, &group, value, &escape_html(word), &class);
        }
        out.push_str("</div>");
        if notes {
            let _ = write!(
                out,
                "<label class=\"skema-note\"><span class=\"skema-etiket\">{}</span>\
                 <input type=\"text\" name=\"{group}-note\" autocomplete=\"off\"></label>",
                escape_html(w.seen)
            );
        }
        out.push_str("</fieldset>\n");
    }
    out.push_str("</div>\n");
}

/// A table: the columns' and rows' names are headers, each cell a box to tick or a text area,
/// labelled "row: column" for a screen reader.
fn matrix(
    rows: &[String],
    columns: &[String],
    text: bool,
    ids: &mut Ids,
    w: &Words,
    out: &mut String,
) {
    let class = if text { " skema-matrix-tekst" } else { "" };
    let _ = write!(
        out,
        "<div class=\"skema-felt skema-matrix{class}\"><table><caption class=\"visually-hidden\">{}</caption>\
         <thead><tr><td></td>",
        w.matrix
    );
    for c in columns {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape_html(c));
    }
    out.push_str("</tr></thead><tbody>\n");
    for r in rows {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", escape_html(r));
        for c in columns {
            let field = ids.take();
            let name = format!("{r}: {c}");
            if text {
                let _ = write!(out, "<td>{}</td>", textarea(&field, 5, Some(&name)));
            } else {
                let _ = write!(
                    out,
                    "<td><input type=\"checkbox\" name=\"{field}\" aria-label=\"{}\"></td>",
                    escape_html(&name)
                );
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
}
