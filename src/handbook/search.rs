//! Offline search over the handbook, written as plain script files under `soeg/`.
//!
//! Why our own index and not a search crate: readers open the handbook from a web server *and*
//! from a shared drive (file://), where browsers allow neither fetch/XHR nor WebAssembly modules.
//! Pagefind's runtime needs both (it does not run from file://), and elasticlunr-rs (what mdBook
//! and Zola use) writes one monolithic index that every reader must download whole (mdBook: 130 MB
//! for a 10,000-page book). What readers need is the well-kept part of those tools, the Snowball
//! Danish stemmer (`rust-stemmers`, see [`crate::text::stemming`]), plus an index the browser can load in
//! small pieces with `<script>` tags:
//!
//! - `soeg/index.js`: the manifest: document count and the shard keys (term prefixes).
//! - `soeg/i/<n>.js`: one shard: the terms starting with shard key `n` and their postings.
//!   Shards are split by longer prefixes until each is small, so a query loads only a few of them.
//! - `soeg/t/<chunk>.js`: the titles, addresses, kinds and texts of a run of pages (`per` in the
//!   manifest, chosen so a chunk is about [`DOC_CHUNK_BUDGET`] bytes), for the results' snippets;
//!   only the chunks of the results shown are loaded. One file per page would make a large
//!   handbook mostly tiny files, which cost a build its time and a shared drive its copying.
//!
//! Every file calls `BOGBINDER_SEARCH.<register>(...)`, defined by `static/search.js`.
//! Only handbook pages are indexed: the loader never reads `content/boeger/`, and pages under the
//! private prefixes are skipped here again, so no barnets bog can reach the index.

use crate::handbook::resolve::{kind_label, PageId, Site, PRIVATE_PREFIXES};
use crate::text::stemming;
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Where the search page and its index live in the output.
pub const SEARCH_URL: &str = "soeg/";

/// A term in the page title.
pub const IN_TITLE: u32 = 1;
/// A term in a heading.
pub const IN_HEADING: u32 = 2;
/// A term in the description or a taxonomy term (tema, målgruppe, ...).
pub const IN_META: u32 = 4;
/// A term in the body text.
pub const IN_BODY: u32 = 8;

/// Shards are split by a longer prefix until their postings are about this size (bytes of JSON).
const SHARD_BUDGET: usize = 48 * 1024;
/// Text kept per page for snippets.
const SNIPPET_TEXT_LIMIT: usize = 12_000;
/// Pages' texts are grouped so that a chunk is about this size on average: a first search shows
/// 20 results, which may lie in 20 chunks, so this bounds what it downloads (320 KiB at most).
pub const DOC_CHUNK_BUDGET: usize = 16 * 1024;
/// A term in more pages than this keeps only its best postings (by how it ranks a page: title,
/// heading, description, then occurrences) in its shard; the rest go to `soeg/r/<n>.js`, which
/// the browser loads only when the results it shows could change by them. So a first search's
/// download stays the same at 100,000 pages as at 10,000.
pub const POSTINGS_TIER: usize = 2000;
/// At most this many pages in a chunk, however short their texts.
const MAX_DOCS_PER_CHUNK: usize = 256;

/// One page in the index.
#[derive(Debug, Clone, Serialize)]
pub struct Doc {
    /// Title.
    pub t: String,
    /// URL folder relative to the site root.
    pub u: String,
    /// Kind label ("Metode").
    pub k: &'static str,
    /// Description and text, for snippets (cut at a word boundary).
    pub x: String,
}

/// Where a term occurs in one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    /// `IN_*` bits.
    pub fields: u32,
    /// Occurrences in the page, capped at 255.
    pub tf: u32,
}

#[derive(Debug, Default)]
pub struct SearchIndex {
    pub docs: Vec<Doc>,
    /// Stemmed term → postings in document order.
    pub terms: BTreeMap<String, Vec<Posting>>,
}

impl SearchIndex {
    /// The postings of a word as a reader would type it.
    pub fn lookup(&self, word: &str) -> &[Posting] {
        self.terms
            .get(&stemming::stem(word))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// Compound parts shorter than this are not indexed ("tal" would match far too much).
const MIN_PART: usize = 4;

/// One page's words as written (borrowed from the page): the fields they occur in and how often
/// they occur in the body.
type RawWords<'a> = HashMap<&'a str, (u32, u32)>;

fn count_words<'a>(map: &mut RawWords<'a>, text: &'a str, field: u32) {
    for w in stemming::words(text) {
        let e = map.entry(w).or_insert((0, 0));
        e.0 |= field;
        if field == IN_BODY {
            e.1 = (e.1 + 1).min(255);
        }
    }
}

/// Danish writes compounds as one word: a reader looking for "samtale" expects the page titled
/// "Børnesamtalen". So the tails of title and heading words are indexed too ("børnesamtal" →
/// "samtal", "amtal", ...), each at least `MIN_PART` letters and starting after the third.
///
/// Letters are counted as written in Danish: a spelled-out æ, ø or å ("ae", "oe", "aa", see
/// [`stemming::spell_out`]) is one letter, and no part starts inside one, so the parts are those
/// of the word as written.
fn compound_parts(term: &str) -> impl Iterator<Item = &str> {
    let starts = letter_starts(term);
    let tails = if starts.len() < 3 + MIN_PART {
        Vec::new()
    } else {
        starts[3..=starts.len() - MIN_PART].to_vec()
    };
    tails.into_iter().map(move |i| &term[i..])
}

/// Where each letter of a term starts, a spelled-out æ, ø or å counted as one.
fn letter_starts(term: &str) -> Vec<usize> {
    let bytes = term.as_bytes();
    let mut starts = Vec::with_capacity(term.len());
    let mut chars = term.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        starts.push(i);
        let pair = matches!(
            (c, bytes.get(i + 1)),
            ('a', Some(b'a' | b'e')) | ('o', Some(b'e'))
        );
        if pair {
            chars.next();
        }
    }
    starts
}

/// Builds the index of every handbook page of the site.
///
/// Each distinct spelling is folded and stemmed once for the whole site (a handbook of 10,000
/// pages has a few tens of thousands of spellings but millions of words).
pub fn build_index(site: &Site) -> SearchIndex {
    let pages: Vec<PageId> = (site.links.reading_order().iter())
        .copied()
        .filter(|&i| {
            let url = &site.page(i).url;
            !PRIVATE_PREFIXES.iter().any(|p| url.starts_with(p))
        })
        .collect();
    let t = crate::timing::step("search: words");
    let per_doc: Vec<PageWords<'_>> = pages.par_iter().map(|&i| page_words(site, i)).collect();
    drop(t);
    let t = crate::timing::step("search: stems");
    let terms = stem_spellings(&per_doc);
    drop(t);
    let t = crate::timing::step("search: doc terms");
    let doc_terms: Vec<DocTerms<'_>> = per_doc
        .par_iter()
        .map(|page| doc_terms(page, &terms))
        .collect();
    drop(t);
    let _t = crate::timing::step("search: postings");
    SearchIndex {
        terms: postings(doc_terms, terms.len()),
        docs: per_doc.into_iter().map(|page| page.doc).collect(),
    }
}

/// One page's entry in the index and its words.
struct PageWords<'a> {
    doc: Doc,
    /// Words as written in the page's texts, by field.
    words: RawWords<'a>,
    /// Body terms of texts made for the page (a practice example's year), stemmed here.
    made_terms: Vec<String>,
}

/// One page's entry in the index and its words as written, by field.
///
/// Everything the page shows is indexed: title, headings, description and taxonomy terms with
/// their weights, and as body text the body, the facts (formål, udbytte, type, ...), the quotes
/// and the workshops' descriptions; a workshop's title is a heading on the page and is indexed as
/// one. The snippet text follows the page's order.
fn page_words(site: &Site, i: PageId) -> PageWords<'_> {
    let p = site.page(i);
    let r = site.rendered(i);
    let shown = shown_fields(site, i);
    let mut map = RawWords::default();
    count_words(&mut map, &p.title, IN_TITLE);
    for h in &r.headings {
        count_words(&mut map, &h.text, IN_HEADING);
    }
    if let Some(d) = &p.meta.description {
        count_words(&mut map, d, IN_META);
    }
    for &(t, k) in site.links.terms(i) {
        count_words(&mut map, &site.taxonomy(t).term(k).name, IN_META);
    }
    count_words(&mut map, &r.text, IN_BODY);
    let mut made_terms = Vec::new();
    for f in &shown.facts {
        match f {
            Cow::Borrowed(text) => count_words(&mut map, text, IN_BODY),
            Cow::Owned(text) => made_terms.extend(stemming::terms(text)),
        }
    }
    for &(text, field) in &shown.after_body {
        count_words(&mut map, text, field);
    }
    let doc = Doc {
        t: p.title.clone(),
        u: p.url.clone(),
        k: kind_label(p.kind, site.handbook.config.sprog),
        x: snippet_text(p.meta.description.as_deref(), &shown, &r.text),
    };
    PageWords {
        doc,
        words: map,
        made_terms,
    }
}

/// The front-matter texts a page shows besides its title, description and terms.
#[derive(Default)]
struct Shown<'a> {
    /// The facts (formål, udbytte, type, ...), shown above the body.
    facts: Vec<Cow<'a, str>>,
    /// Below the body, in the page's order with the field each is indexed as: the quotes with
    /// their sources, then each workshop's title (a heading), duration and description.
    after_body: Vec<(&'a str, u32)>,
}

/// What the theme's `page.html` shows of the front matter. The front page and sections
/// (`index.html`, `section.html`) show none of it, so none of it is indexed for them.
fn shown_fields(site: &Site, i: PageId) -> Shown<'_> {
    let p = site.page(i);
    let m = &p.meta;
    if matches!(site.template_for(p).as_str(), "index.html" | "section.html") {
        return Shown::default();
    }
    let mut after_body: Vec<(&str, u32)> = Vec::new();
    for q in &m.citater {
        after_body.push((&q.tekst, IN_BODY));
        after_body.extend(q.kilde.as_deref().map(|k| (k, IN_BODY)));
    }
    for w in &m.workshops {
        after_body.push((&w.title, IN_HEADING));
        after_body.extend(w.varighed.as_deref().map(|v| (v, IN_BODY)));
        after_body.extend(w.beskrivelse.as_deref().map(|b| (b, IN_BODY)));
        // The programme shows where and by whom: a trainer's name or a place finds the course.
        after_body.extend(w.sted.as_deref().map(|s| (s, IN_BODY)));
        after_body.extend(w.undervisere.iter().map(|u| (u.as_str(), IN_BODY)));
    }
    Shown {
        facts: (crate::handbook::render::fact_values(m, site.ui()).into_iter())
            .map(|(_, value)| value)
            .collect(),
        after_body,
    }
}

/// The text a result's snippet is cut from, in the page's order: description, facts, body,
/// then quotes and workshops. Front-matter texts are short; the body gives way so they fit.
fn snippet_text(description: Option<&str>, shown: &Shown<'_>, body: &str) -> String {
    let mut head: Vec<&str> = description.into_iter().collect();
    head.extend(shown.facts.iter().map(|f| f.as_ref()));
    let head = head.join(" … ");
    let tail: Vec<&str> = shown.after_body.iter().map(|&(t, _)| t).collect();
    let tail = collapse_space(&tail.join(" … "), SNIPPET_TEXT_LIMIT / 4);
    let tail = cut(&tail, SNIPPET_TEXT_LIMIT / 4);
    let room = SNIPPET_TEXT_LIMIT.saturating_sub(head.len() + tail.len() + 10);
    // Only the start of a long body is shown: collapsing all of it was a tenth of the index.
    let body = collapse_space(body, room);
    let parts = [head.as_str(), cut(&body, room), tail];
    let x: Vec<&str> = parts.into_iter().filter(|s| !s.is_empty()).collect();
    cut(&x.join(" … "), SNIPPET_TEXT_LIMIT).to_string()
}

/// Every distinct spelling of the site with its term (`None` for words not indexed).
fn stem_spellings<'a>(per_doc: &[PageWords<'a>]) -> HashMap<&'a str, Option<String>> {
    // Gathered in a set per thread and merged: sorting every page's words (millions at 10,000
    // pages) to drop the repeats cost more than the stemming.
    let spellings: HashSet<&'a str> = (per_doc.par_iter())
        .fold(HashSet::default, |mut set, page| {
            set.extend(page.words.keys().copied());
            set
        })
        .reduce(HashSet::default, |mut a, b| {
            let (mut big, small) = if a.len() >= b.len() {
                (a, b)
            } else {
                (b, std::mem::take(&mut a))
            };
            big.extend(small);
            big
        });
    let spellings: Vec<&'a str> = spellings.into_iter().collect();
    spellings
        .par_iter()
        .map(|&w| (w, stemming::term(w)))
        .collect()
}

/// One page's terms: term → (fields, body count). Terms are borrowed from the stemmed
/// spellings; only compound parts are owned.
type DocTerms<'t> = HashMap<Cow<'t, str>, (u32, u32)>;

/// A page's words as terms, different spellings of one term merged, compound parts added.
fn doc_terms<'t>(page: &PageWords<'t>, terms: &'t HashMap<&str, Option<String>>) -> DocTerms<'t> {
    let mut merged: DocTerms<'t> =
        HashMap::with_capacity_and_hasher(page.words.len(), Default::default());
    for (w, &(fields, tf)) in &page.words {
        let Some(Some(term)) = terms.get(w) else {
            continue;
        };
        let e = merged.entry(Cow::Borrowed(term.as_str())).or_insert((0, 0));
        e.0 |= fields;
        e.1 = (e.1 + tf).min(255);
    }
    for term in &page.made_terms {
        let e = merged.entry(Cow::Owned(term.clone())).or_insert((0, 0));
        e.0 |= IN_BODY;
        e.1 = (e.1 + 1).min(255);
    }
    let mut parts: Vec<(String, u32)> = Vec::new();
    for (term, &(fields, _)) in &merged {
        if fields & (IN_TITLE | IN_HEADING) != 0 {
            for part in compound_parts(term) {
                parts.push((part.to_string(), fields & (IN_TITLE | IN_HEADING)));
            }
        }
    }
    for (part, fields) in parts {
        merged.entry(Cow::Owned(part)).or_insert((0, 0)).0 |= fields;
    }
    merged
}

/// The pages' terms turned around: each term with its postings in document order.
fn postings(doc_terms: Vec<DocTerms<'_>>, capacity: usize) -> BTreeMap<String, Vec<Posting>> {
    let mut postings: HashMap<Cow<'_, str>, Vec<Posting>> =
        HashMap::with_capacity_and_hasher(capacity, Default::default());
    for (d, list) in doc_terms.into_iter().enumerate() {
        for (term, (fields, tf)) in list {
            postings.entry(term).or_default().push(Posting {
                doc: d as u32,
                fields,
                tf,
            });
        }
    }
    let mut sorted: Vec<(String, Vec<Posting>)> = postings
        .into_iter()
        .map(|(t, mut p)| {
            p.sort_unstable_by_key(|p| p.doc);
            (t.into_owned(), p)
        })
        .collect();
    sorted.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    sorted.into_iter().collect()
}

/// The text on one line, without the space the Markdown walk leaves before punctuation: at
/// least its first `limit` bytes and one word more, so that [`cut`] at `limit` cuts it as it
/// would cut the whole.
fn collapse_space(s: &str, limit: usize) -> String {
    let mut out = String::with_capacity(s.len().min(limit.saturating_add(64)));
    for w in s.split_whitespace() {
        if out.len() > limit {
            break;
        }
        let glued = w.starts_with(['.', ',', ';', ':', '!', '?', ')', '»', '\u{201d}']);
        if !out.is_empty() && !glued {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The first `limit` bytes of `s`, cut back to a character and word boundary.
fn cut(s: &str, limit: usize) -> &str {
    if s.len() <= limit {
        return s;
    }
    let mut end = limit;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    match s[..end].rfind(' ') {
        Some(sp) if sp > limit / 2 => &s[..sp],
        _ => &s[..end],
    }
}

/// A term's postings as JSON numbers: doc gaps and `tf * 16 + fields`, alternating.
fn postings_json(out: &mut String, postings: &[Posting]) {
    out.push('[');
    let mut prev = 0;
    for (k, p) in postings.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push_str(&(p.doc - prev).to_string());
        out.push(',');
        out.push_str(&(p.tf * 16 + p.fields).to_string());
        prev = p.doc;
    }
    out.push(']');
}

/// How a posting ranks its page for the term, as `static/search.js` scores it before the idf:
/// title 12, heading 4, description or term 3, and 1 + ln(occurrences).
fn posting_rank(p: &Posting) -> f64 {
    let f = p.fields;
    let mut s = 0.0;
    for (bit, w) in [(IN_TITLE, 12.0), (IN_HEADING, 4.0), (IN_META, 3.0)] {
        if f & bit != 0 {
            s += w;
        }
    }
    if p.tf > 0 {
        s += 1.0 + f64::from(p.tf).ln();
    }
    s
}

/// A term's entry in its shard: its postings, or for a term in more than [`POSTINGS_TIER`]
/// pages `{"p":[best postings],"n":pages,"m":[..],"r":[..]}`: the rest in files of twice, four
/// times, ... as many postings, in rank order (`r`: their numbers in `rests`; `m`: the best
/// posting of each, as tf*16+fields). Every list is in page order. Among equal ranks the first
/// pages come first, as the browser breaks ties, so a page in a later file never ties before one
/// in an earlier file.
/// `rests` are this term's rest files, numbered from `first_rest` (see [`rest_files`]).
fn term_json(postings: &[Posting], first_rest: usize, rests: &mut Vec<String>) -> String {
    let mut s = String::new();
    if postings.len() <= POSTINGS_TIER {
        postings_json(&mut s, postings);
        return s;
    }
    let mut order: Vec<usize> = (0..postings.len()).collect();
    order.sort_by(|&a, &b| {
        posting_rank(&postings[b])
            .total_cmp(&posting_rank(&postings[a]))
            .then(a.cmp(&b))
    });
    let in_page_order = |ids: &[usize]| {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        let mut out = String::new();
        postings_json(
            &mut out,
            &ids.iter().map(|&k| postings[k]).collect::<Vec<_>>(),
        );
        out
    };
    s.push_str("{\"p\":");
    s.push_str(&in_page_order(&order[..POSTINGS_TIER]));
    let (mut bests, mut files) = (Vec::new(), Vec::new());
    let (mut start, mut size) = (POSTINGS_TIER, 2 * POSTINGS_TIER);
    while start < order.len() {
        let chunk = &order[start..(start + size).min(order.len())];
        let best = postings[chunk[0]];
        bests.push((best.tf * 16 + best.fields).to_string());
        files.push((first_rest + rests.len()).to_string());
        rests.push(in_page_order(chunk));
        start += chunk.len();
        size *= 2;
    }
    s.push_str(&format!(
        ",\"n\":{},\"m\":[{}],\"r\":[{}]}}",
        postings.len(),
        bests.join(","),
        files.join(",")
    ));
    s
}

/// How many rest files [`term_json`] makes for a term in `pages` pages: the postings after the
/// first [`POSTINGS_TIER`] in files of twice, four times, ... as many.
fn rest_files(pages: usize) -> usize {
    let (mut start, mut size, mut files) = (POSTINGS_TIER, 2 * POSTINGS_TIER, 0);
    while start < pages {
        start += size;
        size *= 2;
        files += 1;
    }
    files
}

fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Groups the sorted terms under prefix keys: a group larger than the budget is split by one more
/// character; terms no longer than the key stay in the key's own shard. The browser finds a
/// term's shard as the longest key that is a prefix of it, exactly as assigned here.
fn shard_keys(terms: &[(&str, usize)]) -> Vec<String> {
    let mut keys = Vec::new();
    split(terms, 1, &mut keys);
    keys
}

fn prefix(term: &str, n: usize) -> &str {
    match term.char_indices().nth(n) {
        Some((i, _)) => &term[..i],
        None => term,
    }
}

fn split(terms: &[(&str, usize)], n: usize, keys: &mut Vec<String>) {
    let mut start = 0;
    while start < terms.len() {
        let key = prefix(terms[start].0, n);
        let end = start
            + terms[start..]
                .iter()
                .take_while(|(t, _)| prefix(t, n) == key)
                .count();
        let group = &terms[start..end];
        let size: usize = group.iter().map(|(_, s)| s).sum();
        keys.push(key.to_string());
        if size > SHARD_BUDGET && group.len() > 1 {
            // Terms exactly `key` long stay in this shard; the longer ones split further.
            let longer: Vec<(&str, usize)> = group
                .iter()
                .filter(|(t, _)| t.chars().count() > n)
                .copied()
                .collect();
            split(&longer, n + 1, keys);
        }
        start = end;
    }
}

/// The shard of a term: the longest key that is a prefix of it.
fn shard_of(keys: &HashMap<&str, usize>, term: &str) -> Option<usize> {
    let mut best = None;
    for (i, _) in term.char_indices().skip(1) {
        if let Some(&k) = keys.get(&term[..i]) {
            best = Some(k);
        }
    }
    keys.get(term).copied().or(best)
}

/// The index as files, built from the site (see [`index_files`]).
pub fn files(site: &Site) -> Vec<(String, String)> {
    let t = crate::timing::step("search: index");
    let index = build_index(site);
    drop(t);
    let _t = crate::timing::step("search: files");
    index_files(&index)
}

/// The index as files: (path relative to the site root, contents).
pub fn index_files(index: &SearchIndex) -> Vec<(String, String)> {
    // Each term's rest files are numbered before its entry is made, so terms are encoded in
    // parallel: a common word in 100,000 pages takes a sort of its own.
    let terms: Vec<(&String, &Vec<Posting>)> = index.terms.iter().collect();
    let mut first_rest = Vec::with_capacity(terms.len());
    let mut next = 0;
    for (_, postings) in &terms {
        first_rest.push(next);
        next += rest_files(postings.len());
    }
    let made: Vec<(&str, String, Vec<String>)> = (terms.par_iter().zip(first_rest))
        .map(|((term, postings), first)| {
            let mut own = Vec::new();
            let entry = term_json(postings, first, &mut own);
            (term.as_str(), entry, own)
        })
        .collect();
    let mut encoded: Vec<(&str, String)> = Vec::with_capacity(made.len());
    let mut rests: Vec<String> = Vec::with_capacity(next);
    for (term, entry, own) in made {
        encoded.push((term, entry));
        rests.extend(own);
    }
    let sizes: Vec<(&str, usize)> = encoded
        .iter()
        .map(|(t, s)| (*t, s.len() + t.len() + 4))
        .collect();
    let keys = shard_keys(&sizes);
    let key_index: HashMap<&str, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();

    let mut shards: Vec<String> = vec![String::new(); keys.len()];
    for (term, postings) in &encoded {
        let Some(n) = shard_of(&key_index, term) else {
            continue;
        };
        let s = &mut shards[n];
        s.push(if s.is_empty() { '{' } else { ',' });
        s.push_str(&json(term));
        s.push(':');
        s.push_str(postings);
    }

    let docs: Vec<String> = (index.docs.par_iter())
        .map(|doc| serde_json::to_string(doc).unwrap_or_else(|_| "{}".into()))
        .collect();
    let per = docs_per_chunk(&docs);
    let mut files = Vec::with_capacity(keys.len() + docs.len() / per + 2);
    let key_list: Vec<String> = keys.iter().map(|k| json(k)).collect();
    files.push((
        format!("{SEARCH_URL}index.js"),
        format!(
            "BOGBINDER_SEARCH.manifest({{\"docs\":{},\"per\":{per},\"shards\":[{}]}});\n",
            index.docs.len(),
            key_list.join(",")
        ),
    ));
    for (n, mut body) in shards.into_iter().enumerate() {
        if body.is_empty() {
            body.push('{');
        }
        body.push('}');
        files.push((
            format!("{SEARCH_URL}i/{n}.js"),
            format!("BOGBINDER_SEARCH.shard({n},{body});\n"),
        ));
    }
    for (r, body) in rests.into_iter().enumerate() {
        files.push((
            format!("{SEARCH_URL}r/{r}.js"),
            format!("BOGBINDER_SEARCH.rest({r},{body});\n"),
        ));
    }
    for (c, chunk) in docs.chunks(per).enumerate() {
        files.push((
            format!("{SEARCH_URL}t/{c}.js"),
            format!(
                "BOGBINDER_SEARCH.docs({},[{}]);\n",
                c * per,
                chunk.join(",")
            ),
        ));
    }
    files
}

/// How many pages go in one chunk of texts: as many as make [`DOC_CHUNK_BUDGET`] on average.
/// The browser finds page `d` in chunk `d / per`.
fn docs_per_chunk(docs: &[String]) -> usize {
    let total: usize = docs.iter().map(|d| d.len() + 1).sum();
    let average = total.checked_div(docs.len()).unwrap_or(1).max(1);
    (DOC_CHUNK_BUDGET / average).clamp(1, MAX_DOCS_PER_CHUNK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_groups_split_by_longer_prefixes_and_every_term_finds_its_shard() {
        let terms: Vec<(String, usize)> =
            ["sa", "samt", "samtal", "sang", "skol", "st", "æbl", "å"]
                .iter()
                .map(|t| (t.to_string(), 30_000))
                .collect();
        let refs: Vec<(&str, usize)> = terms.iter().map(|(t, s)| (t.as_str(), *s)).collect();
        let keys = shard_keys(&refs);
        assert!(keys.contains(&"s".to_string()));
        assert!(keys.contains(&"sa".to_string()));
        assert!(keys.contains(&"sam".to_string()));
        let idx: HashMap<&str, usize> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i))
            .collect();
        for (t, _) in &refs {
            let k = &keys[shard_of(&idx, t).unwrap()];
            assert!(t.starts_with(k.as_str()), "{t} in shard {k}");
        }
        assert_eq!(keys[shard_of(&idx, "samtal").unwrap()], "samta");
        assert_eq!(keys[shard_of(&idx, "samt").unwrap()], "samt");
        assert_eq!(keys[shard_of(&idx, "sa").unwrap()], "sa");
    }

    #[test]
    fn compound_parts_count_a_spelled_out_letter_as_one() {
        fn parts(t: &str) -> Vec<&str> {
            compound_parts(t).collect()
        }
        // "netværksmød": the same parts as before spelling out, "mød" too short to be one.
        assert_eq!(
            parts("netvaerksmoed"),
            ["vaerksmoed", "aerksmoed", "rksmoed", "ksmoed", "smoed"]
        );
        let danish: Vec<String> = parts("børnesamtal")
            .into_iter()
            .map(stemming::spell_out)
            .collect();
        assert_eq!(parts("boernesamtal"), danish);
        assert!(parts("boernesamtal").contains(&"samtal"));
    }

    #[test]
    fn cut_stays_on_char_and_word_boundaries() {
        assert_eq!(cut("æææ øøø", 100), "æææ øøø");
        assert_eq!(cut("ææææææ øøøøøø", 17), "ææææææ");
        assert_eq!(cut("æææææææææ", 5), "ææ");
    }

    #[test]
    fn a_collapsed_start_cuts_as_the_whole_text_does() {
        let text = "Barnets  bog\n\n skrives  sammen , med barnet .  Æbler og   pærer ; ørred  ";
        let whole = collapse_space(text, usize::MAX);
        for limit in 0..=whole.len() + 2 {
            let start = collapse_space(text, limit);
            assert!(whole.starts_with(&start), "limit {limit}");
            assert_eq!(cut(&start, limit), cut(&whole, limit), "limit {limit}");
        }
    }

    #[test]
    fn snippet_text_has_no_space_before_punctuation() {
        assert_eq!(
            collapse_space("se  linket .\n Og (her) ,  så", 100),
            "se linket. Og (her), så"
        );
    }

    #[test]
    fn postings_are_gap_encoded() {
        let mut s = String::new();
        postings_json(
            &mut s,
            &[
                Posting {
                    doc: 3,
                    fields: IN_TITLE | IN_BODY,
                    tf: 2,
                },
                Posting {
                    doc: 10,
                    fields: IN_BODY,
                    tf: 1,
                },
            ],
        );
        assert_eq!(s, "[3,41,7,24]");
    }

    #[test]
    fn a_common_term_keeps_its_best_postings_and_points_at_the_rest() {
        // Every page has the term once in its text; every 7th page also in its title.
        let postings: Vec<Posting> = (0..(POSTINGS_TIER as u32 + 500))
            .map(|doc| Posting {
                doc,
                fields: if doc % 7 == 0 {
                    IN_TITLE | IN_BODY
                } else {
                    IN_BODY
                },
                tf: 1 + doc % 3,
            })
            .collect();
        let mut rests = Vec::new();
        let entry = term_json(&postings, 0, &mut rests);
        let v: serde_json::Value = serde_json::from_str(&entry).unwrap();
        let docs = |list: &serde_json::Value| -> Vec<u64> {
            let nums: Vec<u64> = list
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_u64().unwrap())
                .collect();
            let mut d = 0;
            nums.chunks(2)
                .map(|c| {
                    d += c[0];
                    d
                })
                .collect()
        };
        let best = docs(&v["p"]);
        assert_eq!(best.len(), POSTINGS_TIER);
        assert_eq!(v["n"], postings.len());
        assert_eq!(
            v["r"],
            serde_json::json!([0]),
            "500 more fit in the first rest file"
        );
        let rest: serde_json::Value = serde_json::from_str(&rests[0]).unwrap();
        let rest = docs(&rest);
        assert_eq!(best.len() + rest.len(), postings.len());
        // Every title page is among the best, and nothing left out ranks above the bound.
        assert!((0..postings.len() as u64)
            .step_by(7)
            .all(|d| best.contains(&d)));
        let m = v["m"][0].as_u64().unwrap() as u32;
        let bound = posting_rank(&Posting {
            doc: 0,
            fields: m % 16,
            tf: m / 16,
        });
        assert!(rest
            .iter()
            .all(|&d| posting_rank(&postings[d as usize]) <= bound));
        assert!(best
            .iter()
            .all(|&d| posting_rank(&postings[d as usize]) >= bound));
        // Rest files double in size: 2,000 best, then 4,000, 8,000, ...
        let many: Vec<Posting> = (0..(7 * POSTINGS_TIER as u32 + 1))
            .map(|doc| Posting {
                doc,
                fields: IN_BODY,
                tf: 1 + doc % 5,
            })
            .collect();
        let mut files = Vec::new();
        let v: serde_json::Value = serde_json::from_str(&term_json(&many, 5, &mut files)).unwrap();
        // Numbered on from the rest files of the terms before it, as many as counted ahead.
        assert_eq!(v["r"], serde_json::json!([5, 6, 7]));
        assert_eq!(rest_files(many.len()), files.len());
        assert_eq!(rest_files(POSTINGS_TIER), 0);
        let sizes: Vec<usize> = files
            .iter()
            .map(|f| serde_json::from_str::<Vec<u64>>(f).unwrap().len() / 2)
            .collect();
        assert_eq!(sizes, [2 * POSTINGS_TIER, 4 * POSTINGS_TIER, 1]);
        // A rare term is written as before.
        let mut none = Vec::new();
        assert_eq!(term_json(&postings[..2], 0, &mut none), "[0,25,1,40]");
        assert!(none.is_empty());
    }
}
