// bogbinder's editing desk: pages and books edited as forms, in plain JS (no framework, no build
// step, nothing fetched from the internet). Every word a user reads comes from WORDS (Danish, or
// English when the project says `sprog = "en"`). The server owns every file: this script only
// talks to /__skriv/api/ and never keeps text in the browser's storage (a shared PC's next user
// could read it); drafts are autosaved to the server instead.
"use strict";

const API = "/__skriv/api/";
const DRAFT_EVERY_MS = 3000;
const PREVIEW_AFTER_MS = 600;

// ---------------------------------------------------------------------------------------------
// Words

const WORDS = {
  da: {
    skip: "Spring til arbejdsfeltet", app: "Skrivebord", menu: "Sider og bøger", pages: "Sider", searchPages: "Søg efter en side",
    newPage: "Ny side", books: "Bøger", newBook: "Ny bog", loading: "Henter …",
    welcomeTitle: "Velkommen til skrivebordet",
    welcome: "Vælg en side eller en bog i listen, eller lav en ny. Alt, du skriver, gemmes som en kladde hvert par sekunder, og siden gemmes i projektets filer, når du trykker Gem (Ctrl+S).",
    kind: "Slags side", title: "Titel", create: "Opret", cancel: "Annullér", bookTitle: "Bogens titel (fx barnets navn)",
    pickPage: "Vælg en side", linkText: "Linkets tekst", choose: "Vælg", insertBox: "Indsæt en boks",
    boxKind: "Slags boks", boxTitle: "Overskrift (kan udelades)", quoteSource: "Hvem siger det (fx Ung, 14 år)", insert: "Indsæt",
    noPages: "Ingen sider passer til søgningen.", problems: (n) => n === 1 ? "1 problem" : `${n} problemer`,
    save: "Gem", saveKeys: "Gem (Ctrl+S)", history: "Historik", hideHistory: "Skjul historik",
    about: "Om siden", text: "Tekst", preview: "Forhåndsvisning", previewTitle: "Forhåndsvisning af siden",
    toolbar: "Formatering", heading: "Overskrift", bold: "Fed", italic: "Kursiv", bullets: "Punktliste",
    numbered: "Nummereret liste", goodAdvice: "Gode råd", quote: "Citat", box: "Boks …", link: "Link til side …",
    image: "Billede …", add: "Tilføj", remove: "Fjern", up: "Flyt op", down: "Flyt ned",
    removeItem: (what) => `Fjern: ${what}`, moveUp: (what) => `Flyt op: ${what}`, moveDown: (what) => `Flyt ned: ${what}`,
    choosePage: "Vælg side …", noneChosen: "Ingen valgt endnu.", quoteText: "Citatet", quoteFrom: "Kilde",
    quoteN: (n) => `Citat ${n}`, workshopN: (n) => `Workshop ${n}`, itemN: (label, n) => `${label} ${n}`,
    wsTitle: "Titel", wsDuration: "Varighed", wsDescription: "Beskrivelse", wsPages: "Sider", wsTools: "Redskaber",
    wsDate: "Dato", wsTime: "Tid (fx 9.00-11.30)", wsPlace: "Sted", wsTrainers: "Undervisere",
    editionsHint: "Sæt ingen kryds, så kommer siden med i alle udgaver.",
    editionsTitle: "Udgaver, boksen kun skal med i (fx intern, forældre)", trainerNote: "Note til underviseren",
    form: "Skema", formBlock: "tekst: Barnets navn\ndato: Dato\nlangtekst: Det har vi set\n",
    yes: "Ja",
    saved: (time) => `Gemt kl. ${time}.`, draftSaved: (time) => `Ændringer ikke gemt endnu. Kladden er gemt kl. ${time}.`,
    unsaved: "Ændringer ikke gemt endnu.", nothingChanged: "Ingen ændringer.", saving: "Gemmer …",
    savedWithProblems: (time, n) => `Gemt kl. ${time}, men siden har ${n === 1 ? "1 problem" : n + " problemer"} (se under teksten).`,
    draftOffer: (time) => `Der er en kladde fra ${time}, som ikke er gemt i filen. Vil du fortsætte med den?`,
    useDraft: "Fortsæt med kladden", dropDraft: "Brug filen, som den er",
    draftUsed: "Kladden er hentet. Tryk Gem, når du vil gemme den i filen.",
    conflictTitle: "Filen er ændret et andet sted",
    conflictText: "Mens du skrev, er filen blevet ændret uden for skrivebordet (fx i en anden editor eller af en synkronisering). Intet er gemt over den. Vælg, hvad der skal ske:",
    mine: "Din udgave", disk: "Udgaven på disken", keepMine: "Gem min udgave over den på disken",
    takeDisk: "Brug udgaven fra disken", copyMine: "Kopiér min tekst", copied: "Din tekst er kopieret.",
    copyFailed: "Kunne ikke kopiere. Teksten er markeret: tryk Ctrl+C.",
    tookDisk: "Udgaven fra disken er hentet.",
    historyTitle: "Tidligere udgaven", historyEmpty: "Der er ingen tidligere udgaver endnu. De kommer, når siden gemmes.",
    show: "Vis", restore: "Gendan", restored: "Den tidligere udgave er gendannet. Udgaven før er gemt i historikken.",
    versionFrom: (time) => `Udgaven fra ${time}`, bytes: (n) => `${n} byte`,
    problemsTitle: "Problemer", noProblems: "Ingen problemer.", error: "Fejl", warning: "Advarsel",
    line: (n) => `Linje ${n}`, inField: (f) => `I feltet ${f}`,
    leaveWarning: "Du har ændringer, der ikke er gemt.",
    network: "Skrivebordet kan ikke nå bogbinder. Kører `bogbinder serve` stadig? Dine ændringer er ikke væk: prøv igen.",
    forbidden: "Skrivebordet er låst. Åbn adressen, som bogbinder skrev i terminalen.",
    book: "Bog", chapters: "Kapitler", questions: "Spørgsmål til kapitlet", empty: "(tomt endnu)",
    settings: "Indstillinger", saveSettings: "Gem indstillinger", settingsSaved: "Indstillingerne er gemt.",
    photos: "Fotos", addPhoto: "Tilføj foto", dropPhoto: "Træk et foto herhen, eller vælg en fil.",
    caption: "Billedtekst (kan udelades)", chooseFile: "Vælg foto …", uploading: (n) => `Sender ${n} …`,
    photoAdded: (n) => `Fotoet ${n} er tilføjet uden skjulte oplysninger (fx GPS).`,
    insertPhoto: (n) => `Indsæt ${n}`, noPhotos: "Ingen fotos endnu.",
    recipient: "Modtager", building: "Bygger PDF'en …", pdfReady: (n) => `${n} er hentet.`,
    bookLabels: { navn: "Navn (bogens titel)", undertitel: "Undertitel", tilhoerer: "Bogen tilhører", forside: "Forsidefoto (fil i billeder/)",
      laeser: "Læser (barn eller ung)", pdfa: "Arkivformat (PDF/A)", foedt: "Barnets fødselsdag", historie: "Historie", tidslinje: "Tidslinje",
      minder: "Minder", samtykker: "Samtykker", givet_af: "Givet af", modtager: "Modtager", dato: "Dato", kapitler: "Kapitler",
      barnet_siger_ja: "Barnet siger også ja", sted: "Sted", tekst: "Tekst", hvad: "Hvad skete der", foto: "Foto (fil i billeder/)", fil: "Fil (i billeder/)" },
    pdf: "Hent PDF", pdfTransition: "Hent overgangsudgave (PDF)", open: "Skriv", orderSaved: "Rækkefølgen er gemt.",
    chapterMoved: (t, n) => `${t} er nu kapitel ${n}.`, backToBook: (t) => `Tilbage til ${t}`,
    imageAlt: "Beskriv billedet", imagePath: "billeder/navn.jpg", headingText: "Overskrift", boldText: "fed tekst",
    italicText: "kursiv tekst", listItem: "punkt", boxText: "Skriv teksten i boksen her.",
    frontError: (why) => `Sidens felter kan ikke læses, så de kan ikke rettes her: ${why}. Ret dem i filen (se problemet under teksten); teksten kan du skrive videre på.`,
    quotePlaceholder: "Skriv citatet her.", notFound: "Siden findes ikke (længere). Vælg en anden i listen.",
    created: (t) => `${t} er oprettet.`, kinds: { metode: "Metode", eksempel: "Praksiseksempel", redskab: "Redskab", kursus: "Kursus" },
    bookKinds: { "barnets bog": "barnets bog", kompendium: "kompendium" },
    // A key as a label: `barnets_navn` -> "Barnets navn", `foedt` -> "Født" (keys spell æøå as ae/oe/aa).
    fieldOf: (name) => name.replace(/^taxonomies\./, "").replace(/_/g, " ").replace(/ae/g, "æ").replace(/oe/g, "ø")
      .replace(/aa/g, "å").replace(/^./, (c) => c.toUpperCase()),
  },
  en: {
    skip: "Skip to the work area", app: "Writing desk", menu: "Pages and books", pages: "Pages", searchPages: "Search for a page",
    newPage: "New page", books: "Books", newBook: "New book", loading: "Loading …",
    welcomeTitle: "Welcome to the writing desk",
    welcome: "Choose a page or a book in the list, or make a new one. Everything you write is kept as a draft every few seconds, and the page is saved to the project's files when you press Save (Ctrl+S).",
    kind: "Kind of page", title: "Title", create: "Create", cancel: "Cancel", bookTitle: "The book's title (e.g. the child's name)",
    pickPage: "Choose a page", linkText: "Link text", choose: "Choose", insertBox: "Insert a box",
    boxKind: "Kind of box", boxTitle: "Heading (optional)", quoteSource: "Who says it (e.g. Young person, 14)", insert: "Insert",
    noPages: "No pages match the search.", problems: (n) => n === 1 ? "1 problem" : `${n} problems`,
    save: "Save", saveKeys: "Save (Ctrl+S)", history: "History", hideHistory: "Hide history",
    about: "About the page", text: "Text", preview: "Preview", previewTitle: "Preview of the page",
    toolbar: "Formatting", heading: "Heading", bold: "Bold", italic: "Italic", bullets: "Bulleted list",
    numbered: "Numbered list", goodAdvice: "Good advice", quote: "Quote", box: "Box …", link: "Link to page …",
    image: "Image …", add: "Add", remove: "Remove", up: "Move up", down: "Move down",
    removeItem: (what) => `Remove: ${what}`, moveUp: (what) => `Move up: ${what}`, moveDown: (what) => `Move down: ${what}`,
    choosePage: "Choose page …", noneChosen: "None chosen yet.", quoteText: "The quote", quoteFrom: "Source",
    quoteN: (n) => `Quote ${n}`, workshopN: (n) => `Workshop ${n}`, itemN: (label, n) => `${label} ${n}`,
    wsTitle: "Title", wsDuration: "Duration", wsDescription: "Description", wsPages: "Pages", wsTools: "Tools",
    wsDate: "Date", wsTime: "Time (e.g. 9.00-11.30)", wsPlace: "Place", wsTrainers: "Trainers",
    editionsHint: "Tick none, and the page is in every edition.",
    editionsTitle: "Editions the box is only in (e.g. intern, forældre)", trainerNote: "Note for the trainer",
    form: "Form", formBlock: "tekst: The child's name\ndato: Date\nlangtekst: What we have seen\n",
    yes: "Yes",
    saved: (time) => `Saved at ${time}.`, draftSaved: (time) => `Changes not saved yet. The draft was kept at ${time}.`,
    unsaved: "Changes not saved yet.", nothingChanged: "No changes.", saving: "Saving …",
    savedWithProblems: (time, n) => `Saved at ${time}, but the page has ${n === 1 ? "1 problem" : n + " problems"} (see below the text).`,
    draftOffer: (time) => `There is a draft from ${time} that is not saved to the file. Continue with it?`,
    useDraft: "Continue with the draft", dropDraft: "Use the file as it is",
    draftUsed: "The draft is back. Press Save when you want it in the file.",
    conflictTitle: "The file was changed elsewhere",
    conflictText: "While you were writing, the file was changed outside the desk (e.g. in another editor or by a sync client). Nothing was saved over it. Choose what should happen:",
    mine: "Your version", disk: "The version on disk", keepMine: "Save my version over the one on disk",
    takeDisk: "Use the version on disk", copyMine: "Copy my text", copied: "Your text is copied.",
    copyFailed: "Could not copy. The text is selected: press Ctrl+C.",
    tookDisk: "The version on disk is loaded.",
    historyTitle: "Earlier versions", historyEmpty: "There are no earlier versions yet. They appear when the page is saved.",
    show: "Show", restore: "Restore", restored: "The earlier version is restored. The version before it is kept in the history.",
    versionFrom: (time) => `The version from ${time}`, bytes: (n) => `${n} bytes`,
    problemsTitle: "Problems", noProblems: "No problems.", error: "Error", warning: "Warning",
    line: (n) => `Line ${n}`, inField: (f) => `In the field ${f}`,
    leaveWarning: "You have changes that are not saved.",
    network: "The desk cannot reach bogbinder. Is `bogbinder serve` still running? Your changes are not gone: try again.",
    forbidden: "The desk is locked. Open the address bogbinder printed in the terminal.",
    book: "Book", chapters: "Chapters", questions: "Questions for the chapter", empty: "(empty so far)",
    settings: "Settings", saveSettings: "Save settings", settingsSaved: "The settings are saved.",
    photos: "Photos", addPhoto: "Add photo", dropPhoto: "Drag a photo here, or choose a file.",
    caption: "Caption (optional)", chooseFile: "Choose photo …", uploading: (n) => `Sending ${n} …`,
    photoAdded: (n) => `The photo ${n} is added without hidden information (such as GPS).`,
    insertPhoto: (n) => `Insert ${n}`, noPhotos: "No photos yet.",
    recipient: "Recipient", building: "Building the PDF …", pdfReady: (n) => `${n} is downloaded.`,
    bookLabels: { navn: "Name (the book's title)", undertitel: "Subtitle", tilhoerer: "The book belongs to", forside: "Cover photo (file in billeder/)",
      laeser: "Reader (barn or ung)", pdfa: "Archive format (PDF/A)", foedt: "The child's birthday", historie: "History", tidslinje: "Timeline",
      minder: "Memories", samtykker: "Consents", givet_af: "Given by", modtager: "Recipient", dato: "Date", kapitler: "Chapters",
      barnet_siger_ja: "The child says yes too", sted: "Place", tekst: "Text", hvad: "What happened", foto: "Photo (file in billeder/)", fil: "File (in billeder/)" },
    pdf: "Download PDF", pdfTransition: "Download transition edition (PDF)", open: "Write", orderSaved: "The order is saved.",
    chapterMoved: (t, n) => `${t} is now chapter ${n}.`, backToBook: (t) => `Back to ${t}`,
    imageAlt: "Describe the image", imagePath: "images/name.jpg", headingText: "Heading", boldText: "bold text",
    italicText: "italic text", listItem: "item", boxText: "Write the text of the box here.",
    frontError: (why) => `The page's fields cannot be read, so they cannot be edited here: ${why}. Correct them in the file (see the problem below the text); you can go on writing the text.`,
    quotePlaceholder: "Write the quote here.", notFound: "The page does not exist (any more). Choose another in the list.",
    created: (t) => `${t} is created.`, kinds: { metode: "Method", eksempel: "Practice example", redskab: "Tool", kursus: "Course" },
    bookKinds: { "barnets bog": "life book", kompendium: "compendium" },
    fieldOf: (name) => name.replace(/^taxonomies\./, "").replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()),
  },
};

// The boxes of the content dialect (src/text/dialect.rs): the marker written, and its name.
const BOXES = [
  ["GODE RÅD", "Gode råd", "Good advice"], ["ANBEFALING", "Anbefaling", "Recommendation"],
  ["CASE", "Case", "Case"], ["KOMMUNE", "Kommune", "Municipality"], ["INSPIRATION", "Inspiration", "Inspiration"],
  ["PRØVEHANDLING", "Prøvehandling", "Try it out"], ["FAKTA", "Fakta", "Facts"], ["NOTE", "Note", "Note"],
  ["TIP", "Tip", "Tip"], ["VIGTIGT", "Vigtigt", "Important"], ["ADVARSEL", "Advarsel", "Warning"],
  ["CITAT", "Citat (med kilde)", "Quote (with source)"],
  ["KUN", "Kun i nogle udgaver …", "Only in some editions …"], ["UNDERVISER", "Til underviseren", "For the trainer"],
];

let lang = document.documentElement.lang === "en" ? "en" : "da";
const t = (key, ...args) => {
  const w = WORDS[lang][key] ?? WORDS.da[key];
  return typeof w === "function" ? w(...args) : w;
};

// ---------------------------------------------------------------------------------------------
// Small helpers

/** An element: el("button", {type: "button", onclick}, "text", child, …). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k === "value") node.value = v;
    else if (k in node && typeof v !== "string") node[k] = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

/** Replaces a node's children (nested lists flattened, empty ones left out). */
function fill(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

let uid = 0;
const newId = (stem) => `${stem}-${++uid}`;

/** Lower case with æ/ø/å also readable as ae/oe/aa, for search as people type. */
const fold = (s) => String(s || "").toLowerCase().replace(/æ/g, "ae").replace(/ø/g, "oe").replace(/å/g, "aa");

const clock = (iso) => {
  const d = iso ? new Date(iso) : new Date();
  if (Number.isNaN(d.getTime())) return String(iso);
  const sameDay = d.toDateString() === new Date().toDateString();
  const loc = lang === "en" ? "en-GB" : "da-DK";
  const time = d.toLocaleTimeString(loc, { hour: "2-digit", minute: "2-digit" });
  return sameDay ? time : `${d.toLocaleDateString(loc, { day: "numeric", month: "long", year: "numeric" })} ${time}`;
};

const escapeHtml = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

/** An error the server explained: `{fejl: {kode, besked, hint}}`. */
class DeskError extends Error {
  constructor(status, body) {
    const f = (body && (body.fejl || (body.problemer && body.problemer[0]))) || {};
    super(f.besked || (status === 403 ? t("forbidden") : `HTTP ${status}`));
    this.status = status;
    this.code = f.kode || "";
    this.hint = f.hint || "";
    this.body = body;
  }
  get text() {
    const said = this.code ? `${this.code}: ${this.message}` : this.message;
    if (!this.hint) return said;
    return `${said}${/[.!?]$/.test(said) ? "" : "."} ${this.hint}`;
  }
}

/** Calls the desk's API; JSON in and out. A 409 resolves with `{conflict: body}`. */
async function api(method, path, body, opts = {}) {
  let res;
  try {
    res = await fetch(API + path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "Content-Type": opts.type || "application/json" },
      body: body === undefined ? undefined : opts.type ? body : JSON.stringify(body),
      keepalive: !!opts.keepalive,
    });
  } catch (e) {
    throw new DeskError(0, { fejl: { besked: t("network") } });
  }
  let data = null;
  const text = await res.text();
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = { fejl: { besked: text.slice(0, 300) } }; }
  if (res.status === 409 && data && data.konflikt) return { conflict: data.konflikt };
  if (!res.ok) throw new DeskError(res.status, data);
  return data || {};
}

const q = (params) => Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");

const statusLine = () => document.getElementById("status");
/** Says something in the live region (read out by screen readers, shown in the top bar). */
function say(text, kind = "ok") {
  const s = statusLine();
  s.textContent = text;
  s.dataset.kind = kind;
}

function showError(e, where) {
  const text = e instanceof DeskError ? e.text : String(e && e.message ? e.message : e);
  if (where) {
    where.textContent = text;
    where.hidden = false;
  }
  say(text, "fejl");
}

// ---------------------------------------------------------------------------------------------
// State

const state = {
  list: null, // GET sider
  page: null, // the open page: {id, version, felter, tekst, skema, problemer, book}
  saved: null, // {felter, tekst} as last saved or loaded from the file
  drafted: null, // {felter, tekst} as last sent as a draft
  saving: false,
  previewSeq: 0,
  previewTimer: 0,
  lastDraftAt: null,
};

const current = () => ({ felter: state.page.felter, tekst: state.page.tekst });
const isDirty = () => !!state.page && !same(current(), state.saved);
const needsDraft = () => isDirty() && !same(current(), state.drafted);

// ---------------------------------------------------------------------------------------------
// The page list

async function loadList() {
  try {
    state.list = await api("GET", "sider");
  } catch (e) {
    showError(e, document.getElementById("sideliste"));
    return;
  }
  if (state.list.sprog === "en" || state.list.sprog === "da") setLanguage(state.list.sprog);
  renderList();
  renderBooks();
}

function allPages() {
  const out = [];
  for (const s of (state.list && state.list.afsnit) || []) for (const p of s.sider || []) out.push({ ...p, afsnit: s.titel || s.navn });
  return out;
}

function renderList() {
  const box = document.getElementById("sideliste");
  const needle = fold(document.getElementById("soeg").value.trim());
  fill(box);
  let shown = 0;
  for (const section of state.list.afsnit || []) {
    const pages = (section.sider || []).filter((p) => !needle || fold(`${p.titel} ${p.id}`).includes(needle));
    if (!pages.length) continue;
    shown += pages.length;
    const head = newId("afsnit");
    box.append(el("h3", { id: head }, section.titel || section.navn),
      el("ul", { "aria-labelledby": head }, pages.map((p) => el("li", {},
        el("a", { href: `#side=${encodeURIComponent(p.id)}`, "aria-current": state.page && state.page.id === p.id ? "page" : null },
          p.titel || p.id),
        p.problemer ? el("span", { class: "maerke" }, ` ${t("problems", p.problemer)}`) : null))));
  }
  if (!shown) box.append(el("p", {}, t("noPages")));
}

function renderBooks() {
  const ul = document.getElementById("bogliste");
  fill(ul, ...(state.list.boeger || []).map((b) => el("li", {},
    el("a", { href: `#bog=${encodeURIComponent(b.navn)}` }, b.titel || b.navn),
    b.type ? el("span", { class: "lille" }, ` (${(WORDS[lang].bookKinds[b.type]) || b.type})`) : null)));
}

function setLanguage(l) {
  lang = l;
  document.documentElement.lang = l;
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  document.title = `${t("app")} – bogbinder`;
}

// ---------------------------------------------------------------------------------------------
// Routing: #side=<id> or #bog=<name>

const narrow = window.matchMedia("(max-width: 60rem)");

async function route() {
  const hash = decodeURIComponent(location.hash.slice(1));
  // On a phone the list folds away while a page or a book is open; on a wide screen it stays.
  document.getElementById("menu").open = !narrow.matches || !hash;
  await flushDraft();
  if (hash.startsWith("side=")) await openPage(hash.slice(5));
  else if (hash.startsWith("bog=")) await openBook(hash.slice(4));
  else showWelcome();
}

function showWelcome() {
  state.page = null;
  const main = document.getElementById("arbejde");
  fill(main, el("h1", {}, t("welcomeTitle")), el("p", {}, t("welcome")));
}

function workArea(...children) {
  const main = document.getElementById("arbejde");
  fill(main, ...children);
  return main;
}

// ---------------------------------------------------------------------------------------------
// The page editor

async function openPage(id) {
  let data;
  try {
    data = await api("GET", `side?${q({ id })}`);
  } catch (e) {
    state.page = null;
    workArea(el("h1", {}, t("notFound")), el("p", { class: "fejltekst" }, e instanceof DeskError ? e.text : String(e)));
    say(t("notFound"), "fejl");
    return;
  }
  state.page = { id: data.id || id, version: data.version, felter: data.felter || {}, tekst: data.tekst || "",
    skema: data.skema || [], problemer: data.problemer || [], tekst_linje: data.tekst_linje,
    frontError: data.forside_fejl || null };
  state.saved = clone(current());
  state.drafted = clone(current());
  state.page.book = /^boeger\/([^/]+)\//.exec(state.page.id)?.[1] || null;
  renderEditor(data.kladde);
  renderList();
  if (state.page.book) loadChapterHelp(state.page.book);
  schedulePreview(0);
}

function pageTitle() {
  return state.page.felter.title || state.page.felter.titel || state.page.id;
}

function renderEditor(draft) {
  const p = state.page;
  const titleId = "side-titel";
  const main = workArea(
    state.page.book ? el("p", { class: "tilbage" }, el("a", { href: `#bog=${encodeURIComponent(state.page.book)}` }, t("backToBook", state.page.book))) : null,
    el("h1", { id: titleId }, pageTitle()),
    el("p", { class: "sti" }, `content/${p.id}`),
    el("div", { class: "handlinger" },
      el("button", { type: "button", class: "knap primaer", id: "gem", onclick: save, "aria-keyshortcuts": "Control+S", title: t("saveKeys") }, t("save")),
      el("button", { type: "button", class: "knap", id: "historik-knap", "aria-expanded": "false", "aria-controls": "historik", onclick: toggleHistory }, t("history")),
      el("span", { id: "gemt-tilstand", class: "tilstand" })),
    el("div", { id: "kladde-tilbud" }),
    el("section", { id: "konflikt", class: "konflikt", hidden: true, "aria-labelledby": "konflikt-titel", tabindex: "-1" },
      el("h2", { id: "konflikt-titel" }, t("conflictTitle"))),
    el("section", { id: "historik", class: "historik", hidden: true, "aria-labelledby": "historik-titel" },
      el("h2", { id: "historik-titel" }, t("historyTitle"))),
    el("form", { id: "side-form", class: "side-form", novalidate: true, onsubmit: (e) => { e.preventDefault(); save(); } },
      el("fieldset", { class: "felter", id: "felter", disabled: !!p.frontError }, el("legend", {}, t("about")),
        p.frontError ? el("p", { class: "tilbud", role: "alert" }, t("frontError", p.frontError)) : null,
        renderFields()),
      el("div", { class: "skriv" },
        el("section", { class: "tekstdel", "aria-labelledby": "tekst-titel" },
          el("h2", { id: "tekst-titel" }, t("text")),
          state.page.book ? el("aside", { id: "kapitel-hjaelp", class: "kapitel-hjaelp", "aria-label": t("questions") }) : null,
          toolbar(),
          el("div", { class: "tekstramme" },
            el("div", { class: "spejl", id: "spejl", "aria-hidden": "true" }),
            el("textarea", { id: "tekst", name: "tekst", rows: "22", spellcheck: "true", lang, "aria-labelledby": "tekst-titel", "aria-describedby": "problemer-titel",
              value: p.tekst, oninput: onTextInput, onscroll: syncMirror, onkeydown: textKeys, ondragover: dragOver, ondrop: dropOnText })),
          state.page.book ? el("div", { id: "fotoomraade" }) : null,
          el("section", { class: "problemer", "aria-labelledby": "problemer-titel" },
            el("h3", { id: "problemer-titel" }, t("problemsTitle")),
            el("ul", { id: "problemliste" }))),
        el("section", { class: "visning", "aria-labelledby": "visning-titel" },
          el("h2", { id: "visning-titel" }, t("preview")),
          el("iframe", { id: "forhaandsvisning", title: t("previewTitle"), sandbox: "allow-same-origin", src: "about:blank" })))));
  main.focus();
  renderProblems(p.problemer, p.tekst_linje);
  updateSaveState();
  if (draft && !same({ felter: draft.felter, tekst: draft.tekst }, state.saved)) offerDraft(draft);
}

function offerDraft(draft) {
  const box = document.getElementById("kladde-tilbud");
  const use = () => {
    state.page.felter = clone(draft.felter) || {};
    state.page.tekst = draft.tekst || "";
    state.drafted = clone(current());
    fill(box);
    renderEditor(null);
    say(t("draftUsed"));
    document.getElementById("tekst").focus();
    schedulePreview(0);
  };
  const drop = async () => {
    fill(box);
    // The writer chose the file: the draft goes, so it is not offered again.
    try {
      await api("POST", "side/kladde/slet", { id: state.page.id });
    } catch (e) { showError(e); }
    document.getElementById("tekst").focus();
  };
  fill(box, el("div", { class: "tilbud", role: "alert" },
    el("p", {}, t("draftOffer", clock(draft.gemt))),
    el("div", { class: "knapper" },
      el("button", { type: "button", class: "knap primaer", id: "brug-kladde", onclick: use }, t("useDraft")),
      el("button", { type: "button", class: "knap", id: "drop-kladde", onclick: drop }, t("dropDraft")))));
}

// ---------------------------------------------------------------------------------------------
// The front matter as a form, field by field from the page's `skema`

function renderFields() {
  return state.page.skema.map((f) => fieldWidget(f, state.page.felter, f.navn));
}

function changed() {
  updateSaveState();
  schedulePreview();
}

/** One form field for `spec` ({navn, etiket, type, forslag}), bound to `obj[key]`. */
function fieldWidget(spec, obj, key) {
  const label = spec.etiket || t("fieldOf", spec.navn);
  const id = newId("felt");
  const hint = spec.hjaelp ? el("p", { class: "hjaelp", id: `${id}-hjaelp` }, spec.hjaelp) : null;
  const described = hint ? `${id}-hjaelp` : null;
  const had = key in obj;
  // An emptied field that the file did not have is left out again, so it counts as no change.
  const set = (v) => {
    if ((v === null || v === "" || v === false) && !had) delete obj[key];
    else obj[key] = v;
    changed();
  };
  const value = obj[key];
  switch (spec.type) {
    case "lang":
      return el("div", { class: "felt" }, el("label", { for: id }, label), hint,
        el("textarea", { id, rows: "3", value: value ?? "", "aria-describedby": described, oninput: (e) => set(e.target.value) }));
    case "dato":
      return el("div", { class: "felt" }, el("label", { for: id }, label), hint,
        el("input", { id, type: "date", value: value ?? "", "aria-describedby": described, oninput: (e) => set(e.target.value || null) }));
    case "tal":
      return el("div", { class: "felt" }, el("label", { for: id }, label), hint,
        el("input", { id, type: "number", step: "1", value: value ?? "", "aria-describedby": described,
          oninput: (e) => set(e.target.value === "" ? null : Number(e.target.value)) }));
    case "ja-nej":
    case "bool":
      return el("div", { class: "felt afkryds" },
        el("input", { id, type: "checkbox", checked: !!value, "aria-describedby": described, onchange: (e) => set(e.target.checked) }),
        el("label", { for: id }, label), hint);
    case "valg":
      // Without choices to offer, a choice is yes or no.
      if (typeof value === "boolean" || !(spec.forslag || []).length) {
        return fieldWidget({ ...spec, type: value === undefined || typeof value === "boolean" ? "bool" : "tekst" }, obj, key);
      }
      return el("div", { class: "felt" }, el("label", { for: id }, label), hint,
        el("select", { id, "aria-describedby": described, onchange: (e) => set(e.target.value || null) },
          el("option", { value: "" }, "—"),
          spec.forslag.map((o) => el("option", { value: o, selected: o === value }, o))));
    case "liste":
      return listWidget(spec, obj, key, label);
    case "sider":
      return pagesWidget(obj, key, label);
    case "udgaver":
      return editionsWidget(spec, obj, key, label);
    case "citater":
      return rowsWidget(obj, key, label, (n) => t("quoteN", n), { tekst: "", kilde: "" }, (row) => [
        fieldWidget({ navn: "tekst", etiket: t("quoteText"), type: "lang" }, row, "tekst"),
        fieldWidget({ navn: "kilde", etiket: t("quoteFrom"), type: "tekst" }, row, "kilde")]);
    case "workshops":
      return rowsWidget(obj, key, label, (n) => t("workshopN", n),
        { title: "", varighed: "", dato: "", tid: "", sted: "", undervisere: [], beskrivelse: "", sider: [], redskaber: [] }, (row) => [
        fieldWidget({ navn: "title", etiket: t("wsTitle"), type: "tekst" }, row, "title"),
        fieldWidget({ navn: "varighed", etiket: t("wsDuration"), type: "tekst" }, row, "varighed"),
        fieldWidget({ navn: "dato", etiket: t("wsDate"), type: "dato" }, row, "dato"),
        fieldWidget({ navn: "tid", etiket: t("wsTime"), type: "tekst" }, row, "tid"),
        fieldWidget({ navn: "sted", etiket: t("wsPlace"), type: "tekst" }, row, "sted"),
        listWidget({ forslag: trainers() }, row, "undervisere", t("wsTrainers")),
        fieldWidget({ navn: "beskrivelse", etiket: t("wsDescription"), type: "lang" }, row, "beskrivelse"),
        pagesWidget(row, "sider", t("wsPages")),
        pagesWidget(row, "redskaber", t("wsTools"))]);
    default: {
      const list = (spec.forslag || []).length ? newId("forslag") : null;
      return el("div", { class: "felt" }, el("label", { for: id }, label), hint,
        el("input", { id, type: "text", value: value ?? "", list, autocomplete: "off", "aria-describedby": described,
          name: spec.navn === "title" ? "title" : null, oninput: (e) => {
            set(e.target.value);
            if (state.page && obj === state.page.felter && key === "title") document.getElementById("side-titel").textContent = e.target.value || state.page.id;
          } }),
        list ? el("datalist", { id: list }, spec.forslag.map((o) => el("option", { value: o }))) : null);
    }
  }
}

/** A list of words (taxonomy terms): one text field per word, with the project's terms suggested. */
function listWidget(spec, obj, key, label) {
  const listId = newId("forslag");
  const box = el("fieldset", { class: "gruppe" });
  const render = () => {
    const values = Array.isArray(obj[key]) ? obj[key] : [];
    fill(box, el("legend", {}, label),
      el("datalist", { id: listId }, (spec.forslag || []).map((o) => el("option", { value: o }))),
      values.map((v, i) => {
        const id = newId("ord");
        const what = `${label} ${i + 1}`;
        return el("div", { class: "raekke" },
          el("label", { for: id, class: "skjult" }, what),
          el("input", { id, type: "text", value: v, list: listId, autocomplete: "off", oninput: (e) => { values[i] = e.target.value; changed(); } }),
          el("button", { type: "button", class: "knap lille", "aria-label": t("removeItem", what), onclick: () => {
            values.splice(i, 1); obj[key] = values; render(); changed(); focusLast(box, "button.tilfoej");
          } }, t("remove")));
      }),
      el("button", { type: "button", class: "knap lille tilfoej", onclick: () => {
        values.push(""); obj[key] = values; render(); changed(); focusLast(box, "input[type=text]");
      } }, `${t("add")}: ${label.toLowerCase()}`));
  };
  render();
  return box;
}

/** The trainers named in the page's workshops, suggested for the next one. */
function trainers() {
  const all = ((state.page && state.page.felter.workshops) || []).flatMap((w) => w.undervisere || []);
  return [...new Set(all.filter((n) => n && n.trim()))];
}

/** Some of the project's audience editions, as check boxes; none ticked: every edition. A name
 * the project does not have (a typo in the file) is shown too, so it can be unticked. */
function editionsWidget(spec, obj, key, label) {
  const hintId = newId("hjaelp");
  const values = Array.isArray(obj[key]) ? obj[key] : [];
  const names = [...new Set([...(spec.forslag || []), ...values])];
  const had = key in obj;
  return el("fieldset", { class: "gruppe", "aria-describedby": hintId }, el("legend", {}, label),
    el("p", { class: "hjaelp", id: hintId }, t("editionsHint")),
    names.map((name) => {
      const id = newId("udgave");
      return el("div", { class: "felt afkryds" },
        el("input", { id, type: "checkbox", checked: values.includes(name), onchange: (e) => {
          const now = (Array.isArray(obj[key]) ? obj[key] : []).filter((v) => v !== name);
          if (e.target.checked) now.push(name);
          const ordered = names.filter((n) => now.includes(n));
          if (!ordered.length && !had) delete obj[key];
          else obj[key] = ordered;
          changed();
        } }),
        el("label", { for: id }, name));
    }));
}

function focusLast(box, selector) {
  const all = box.querySelectorAll(selector);
  if (all.length) all[all.length - 1].focus();
}

/** References to other pages, stored as `@/…` ids, chosen from a picker. */
function pagesWidget(obj, key, label) {
  const box = el("fieldset", { class: "gruppe" });
  const titles = new Map(allPages().map((p) => [`@/${p.id}`, p.titel]));
  const render = () => {
    const values = Array.isArray(obj[key]) ? obj[key] : [];
    fill(box, el("legend", {}, label),
      values.length ? el("ul", { class: "valgte" }, values.map((v, i) => {
        const name = titles.get(v) || v;
        return el("li", {}, el("span", {}, name), " ", el("span", { class: "sti" }, v), " ",
          el("button", { type: "button", class: "knap lille", "aria-label": t("removeItem", name), onclick: () => {
            values.splice(i, 1); obj[key] = values; render(); changed(); focusLast(box, "button.tilfoej");
          } }, t("remove")));
      })) : el("p", { class: "lille" }, t("noneChosen")),
      el("button", { type: "button", class: "knap lille tilfoej", "aria-label": `${t("choosePage")} (${label})`, onclick: async () => {
        const chosen = await pickPage(false);
        if (chosen && !values.includes(`@/${chosen.id}`)) { values.push(`@/${chosen.id}`); obj[key] = values; render(); changed(); }
        focusLast(box, "button.tilfoej");
      } }, t("choosePage")));
  };
  render();
  return box;
}

/** Repeatable groups of fields (quotes, workshops), each with remove and move buttons. */
function rowsWidget(obj, key, label, nameOf, blank, fields) {
  const box = el("fieldset", { class: "gruppe" });
  const render = () => {
    const rows = Array.isArray(obj[key]) ? obj[key] : [];
    const move = (i, by) => { const [r] = rows.splice(i, 1); rows.splice(i + by, 0, r); obj[key] = rows; render(); changed(); };
    fill(box, el("legend", {}, label), rows.map((row, i) => el("fieldset", { class: "raekkegruppe" },
      el("legend", {}, nameOf(i + 1)),
      fields(row),
      el("div", { class: "knapper" },
        i > 0 ? el("button", { type: "button", class: "knap lille", "aria-label": t("moveUp", nameOf(i + 1)), onclick: () => move(i, -1) }, t("up")) : null,
        i < rows.length - 1 ? el("button", { type: "button", class: "knap lille", "aria-label": t("moveDown", nameOf(i + 1)), onclick: () => move(i, 1) }, t("down")) : null,
        el("button", { type: "button", class: "knap lille", "aria-label": t("removeItem", nameOf(i + 1)), onclick: () => {
          rows.splice(i, 1); obj[key] = rows; render(); changed(); focusLast(box, "button.tilfoej");
        } }, t("remove"))))),
    el("button", { type: "button", class: "knap lille tilfoej", onclick: () => {
      rows.push(clone(blank)); obj[key] = rows; render(); changed();
      const groups = box.querySelectorAll(".raekkegruppe");
      groups[groups.length - 1]?.querySelector("input, textarea")?.focus();
    } }, `${t("add")}: ${nameOf(rows.length + 1).toLowerCase()}`));
  };
  render();
  return box;
}

// ---------------------------------------------------------------------------------------------
// The body: toolbar, shortcuts, the mirror that marks problem lines

function toolbar() {
  const b = (label, action, keys) => el("button", { type: "button", class: "knap lille", onclick: action,
    "aria-keyshortcuts": keys || null, title: keys ? `${label} (${keys.replace("Control", "Ctrl")})` : null }, label);
  return el("div", { class: "vaerktoej", role: "toolbar", "aria-label": t("toolbar"), "aria-controls": "tekst", onkeydown: toolbarKeys },
    b(t("heading"), () => linePrefix("## ")),
    b(t("bold"), () => wrap("**", "**", t("boldText")), "Control+B"),
    b(t("italic"), () => wrap("*", "*", t("italicText")), "Control+I"),
    b(t("bullets"), () => linePrefix("- ")),
    b(t("numbered"), () => linePrefix("1. ", true)),
    b(t("goodAdvice"), () => insertBox("GODE RÅD", "")),
    b(t("quote"), () => boxDialog("CITAT")),
    b(t("box"), () => boxDialog()),
    b(t("link"), insertLink, "Control+K"),
    b(t("image"), insertImage),
    b(`${t("form")} …`, insertForm));
}

/** A ```skema block with three example fields (docs/indhold.md lists the kinds), its first
 * line selected so the writer can type over it. */
function insertForm() {
  const ta = area();
  const before = ta.value.slice(0, ta.selectionStart);
  const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const block = `${lead}\`\`\`skema\n${t("formBlock")}\`\`\`\n`;
  const first = lead.length + "```skema\n".length;
  replaceSelection(block, first, first + t("formBlock").indexOf("\n"));
}

/** Arrow keys move between the toolbar's buttons (the toolbar pattern); Tab leaves it. */
function toolbarKeys(e) {
  if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
  const buttons = [...e.currentTarget.querySelectorAll("button")];
  const i = buttons.indexOf(document.activeElement);
  if (i < 0) return;
  e.preventDefault();
  buttons[(i + (e.key === "ArrowRight" ? 1 : buttons.length - 1)) % buttons.length].focus();
}

const area = () => document.getElementById("tekst");

/** Replaces the textarea's selection with `text` as typed input (so Ctrl+Z undoes it), then
 * selects `[selFrom, selTo)` of the inserted text. */
function replaceSelection(text, selFrom = text.length, selTo = selFrom) {
  const ta = area();
  ta.focus();
  const start = ta.selectionStart;
  if (!document.execCommand || !document.execCommand("insertText", false, text)) {
    ta.setRangeText(text, start, ta.selectionEnd, "end");
    ta.dispatchEvent(new Event("input", { bubbles: true }));
  }
  ta.setSelectionRange(start + selFrom, start + selTo);
}

function wrap(before, after, placeholder) {
  const ta = area();
  const sel = ta.value.slice(ta.selectionStart, ta.selectionEnd) || placeholder;
  replaceSelection(before + sel + after, before.length, before.length + sel.length);
}

/** Puts `prefix` before every selected line (numbered: 1., 2., …). */
function linePrefix(prefix, numbered = false) {
  const ta = area();
  const start = ta.value.lastIndexOf("\n", ta.selectionStart - 1) + 1;
  let end = ta.value.indexOf("\n", ta.selectionEnd === ta.selectionStart ? ta.selectionEnd : ta.selectionEnd - 1);
  if (end < 0) end = ta.value.length;
  ta.setSelectionRange(start, end);
  const lines = ta.value.slice(start, end).split("\n");
  const out = lines.map((l, i) => (numbered ? `${i + 1}. ` : prefix) + l.replace(/^(#+ |[-*] |\d+\. )/, "")).join("\n");
  const onlyPrefix = lines.length === 1 && lines[0] === "";
  replaceSelection(out, onlyPrefix ? out.length : 0, out.length);
}

/** A box at the start of a paragraph of its own: `> [!GODE RÅD]` and the selected text. */
function insertBox(marker, title) {
  const ta = area();
  const sel = ta.value.slice(ta.selectionStart, ta.selectionEnd);
  const body = sel || (marker === "CITAT" ? t("quotePlaceholder") : t("boxText"));
  const before = ta.value.slice(0, ta.selectionStart);
  const lead = before === "" ? "" : before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const head = `${lead}> [!${marker}${title ? `: ${title}` : ""}]\n`;
  const quoted = body.split("\n").map((l) => `> ${l}`).join("\n");
  const after = ta.value.slice(ta.selectionEnd);
  const tail = after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
  replaceSelection(head + quoted + tail, head.length + 2, head.length + quoted.length);
}

function boxDialog(preset) {
  const dialog = document.getElementById("boks-dialog");
  const kind = document.getElementById("boks-type");
  const title = document.getElementById("boks-overskrift");
  const label = document.getElementById("boks-overskrift-etiket");
  const editions = (state.list && state.list.udgaver) || [];
  // A box for some editions only where the project has editions.
  const boxes = BOXES.filter(([m]) => m !== "KUN" || editions.length);
  fill(kind, ...boxes.map(([m, da, en]) => el("option", { value: m, selected: m === (preset || "GODE RÅD") }, lang === "en" ? en : da)));
  const names = document.getElementById("boks-udgaver");
  fill(names, ...editions.map((n) => el("option", { value: n })));
  const relabel = () => {
    const only = kind.value === "KUN";
    label.textContent = kind.value === "CITAT" ? t("quoteSource") : only ? t("editionsTitle") : t("boxTitle");
    title.required = only;
    if (only && !title.value) title.value = editions.join(", ");
    if (only) title.setAttribute("list", "boks-udgaver"); else title.removeAttribute("list");
  };
  kind.onchange = relabel;
  title.value = "";
  relabel();
  dialog.querySelector("form").onsubmit = (e) => {
    e.preventDefault();
    if (title.required && !title.value.trim()) { title.focus(); return; }
    dialog.close();
    insertBox(kind.value, title.value.trim());
  };
  dialog.showModal();
  (preset ? title : kind).focus();
}

async function insertLink() {
  const ta = area();
  const sel = ta.value.slice(ta.selectionStart, ta.selectionEnd);
  const start = ta.selectionStart;
  const end = ta.selectionEnd;
  const chosen = await pickPage(true, sel);
  ta.focus();
  ta.setSelectionRange(start, end);
  if (!chosen) return;
  const text = chosen.tekst || chosen.titel || chosen.id;
  replaceSelection(`[${text}](@/${chosen.id})`);
}

function insertImage() {
  if (state.page.book) {
    document.getElementById("foto-fil")?.click();
    return;
  }
  const alt = t("imageAlt");
  const ta = area();
  const before = ta.value.slice(0, ta.selectionStart);
  const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  replaceSelection(`${lead}![${alt}](${t("imagePath")})\n`, lead.length + 2, lead.length + 2 + alt.length);
}

function textKeys(e) {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
  const k = e.key.toLowerCase();
  if (k === "b") { e.preventDefault(); wrap("**", "**", t("boldText")); }
  else if (k === "i") { e.preventDefault(); wrap("*", "*", t("italicText")); }
  else if (k === "k") { e.preventDefault(); insertLink(); }
}

function onTextInput(e) {
  state.page.tekst = e.target.value;
  renderMirror();
  changed();
}

let markedLines = new Set();
/** The textarea's text behind it, with the lines that have problems underlined (wavy, so the
 * mark is a shape, not only a colour). */
function renderMirror() {
  const mirror = document.getElementById("spejl");
  if (!mirror) return;
  const lines = area().value.split("\n");
  fill(mirror, ...lines.flatMap((l, i) => {
    const text = l + (i < lines.length - 1 ? "\n" : "\u200b");
    return [markedLines.has(i + 1) ? el("mark", { "data-linje": i + 1 }, text) : text];
  }));
  syncMirror();
}

function syncMirror() {
  const mirror = document.getElementById("spejl");
  if (mirror) mirror.scrollTop = area().scrollTop;
}

/** Selects line `n` of the body and scrolls it into view. */
function jumpToLine(n) {
  const ta = area();
  const lines = ta.value.split("\n");
  const line = Math.min(Math.max(n, 1), lines.length);
  let start = 0;
  for (let i = 0; i < line - 1; i++) start += lines[i].length + 1;
  ta.focus();
  ta.setSelectionRange(start, start + lines[line - 1].length);
  const mark = document.querySelector(`#spejl mark[data-linje="${line}"]`);
  if (mark) ta.scrollTop = Math.max(0, mark.offsetTop - ta.clientHeight / 3);
  syncMirror();
}

// ---------------------------------------------------------------------------------------------
// Problems and the preview

/** The line in the body a problem points to, or null for a problem in the front matter. The
 * server gives file lines; the body starts at `bodyStart` (when it says so). */
function bodyLine(p, bodyStart) {
  if (p.tekst_linje) return p.tekst_linje;
  if (p.felt) return null;
  if (bodyStart && p.linje >= bodyStart) return p.linje - bodyStart + 1;
  return null;
}

function renderProblems(problems, bodyStart) {
  const ul = document.getElementById("problemliste");
  if (!ul) return;
  problems = problems || [];
  markedLines = new Set();
  fill(ul, ...problems.map((p) => {
    const line = bodyLine(p, bodyStart);
    if (line) markedLines.add(line);
    const kind = p.alvor === "advarsel" ? t("warning") : t("error");
    const where = line ? t("line", line) : p.felt ? t("inField", p.felt) : p.linje ? `content/${state.page.id}:${p.linje}${p.kolonne ? `:${p.kolonne}` : ""}` : "";
    const words = `${kind}${p.kode ? ` [${p.kode}]` : ""}: ${where ? `${where}: ` : ""}${p.besked}`;
    return el("li", { class: p.alvor === "advarsel" ? "advarsel" : "fejl" },
      line ? el("button", { type: "button", class: "linkknap", onclick: () => jumpToLine(line) }, words) : el("span", {}, words),
      p.hint ? el("p", { class: "hint" }, p.hint) : null);
  }));
  if (!problems.length) ul.append(el("li", { class: "ingen" }, t("noProblems")));
  renderMirror();
}

function schedulePreview(after = PREVIEW_AFTER_MS) {
  clearTimeout(state.previewTimer);
  state.previewTimer = setTimeout(preview, after);
}

async function preview() {
  if (!state.page) return;
  const seq = ++state.previewSeq;
  const page = state.page;
  let data;
  try {
    data = await api("POST", "forhaandsvis", { id: page.id, felter: page.felter, tekst: page.tekst });
  } catch (e) {
    if (seq === state.previewSeq) showError(e);
    return;
  }
  if (seq !== state.previewSeq || state.page !== page) return;
  const frame = document.getElementById("forhaandsvisning");
  // The preview is the user's own content, raw HTML included: it is shown in a sandboxed frame
  // where no script runs (no allow-scripts; event handler attributes are scripts too), so
  // nothing in it can act with the desk's rights. Same origin only so a book's photos can be
  // pointed at the desk's photo address once it has loaded.
  frame.onload = () => showBookPhotos(frame, page.book);
  frame.srcdoc = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">`
    + `<meta http-equiv="Content-Security-Policy" content="script-src 'none'; object-src 'none'">`
    + `<style>${PREVIEW_CSS}</style></head><body><main><h1>${escapeHtml(page.felter.title || "")}</h1>${data.html || ""}</main></body></html>`;
  if (data.tekst_linje) page.tekst_linje = data.tekst_linje;
  renderProblems(data.problemer, page.tekst_linje);
}

/** In a chapter's preview, `billeder/<name>` is the book's photo: shown from the desk's own
 * address for it (the preview has no address of its own to resolve it from). */
function showBookPhotos(frame, book) {
  const doc = frame.contentDocument;
  if (!book || !doc) return;
  for (const img of doc.querySelectorAll("img[src]")) {
    const src = img.getAttribute("src");
    if (/^([a-z]+:|\/)/i.test(src)) continue;
    let name;
    try { name = decodeURIComponent(src.split(/[?#]/)[0]); } catch (e) { continue; }
    // The renderer writes a book's photo as `@@bogbinder-root@@boeger/<book>/billeder/<name>`.
    const m = /^(?:@@bogbinder-root@@boeger\/[^/]+\/|\.\/)?billeder\/([^/]+)$/.exec(name);
    if (m) img.src = `${API}bog/foto?${q({ navn: book, fil: m[1] })}`;
  }
}

const PREVIEW_CSS = `body{font:17px/1.55 system-ui,sans-serif;color:#1d2428;margin:0;padding:1rem 1.25rem;max-width:44rem}
h1,h2,h3{line-height:1.25}img{max-width:100%;height:auto}a{color:#0b5394}
blockquote,aside,.boks{border-left:5px solid #2f6f62;background:#eef5f3;margin:1rem 0;padding:.6rem 1rem}
[class*=boks-citat]{border-left-color:#6b5b2f;background:#f7f3e8;font-style:italic}
[class*=boks-advarsel]{border-left-color:#9c2f1f;background:#fbeeec}
table{border-collapse:collapse}td,th{border:1px solid #999;padding:.25rem .5rem}
.bogbinder-fejl,.fejl{border:2px solid #9c2f1f;padding:.5rem}`;

// ---------------------------------------------------------------------------------------------
// Saving: drafts every few seconds, the file on "Gem", conflicts, history

function updateSaveState() {
  const s = document.getElementById("gemt-tilstand");
  if (!s || !state.page) return;
  const dirty = isDirty();
  s.textContent = !dirty ? "" : state.lastDraftAt && !needsDraft() ? t("draftSaved", clock(state.lastDraftAt)) : t("unsaved");
  s.dataset.dirty = dirty ? "ja" : "nej";
}

async function sendDraft(force = false, keepalive = false) {
  if (!state.page || (!force && !needsDraft())) return;
  const body = { id: state.page.id, felter: state.page.felter, tekst: state.page.tekst };
  const snapshot = clone(current());
  try {
    await api("POST", "side/kladde", body, { keepalive });
    state.drafted = snapshot;
    state.lastDraftAt = new Date().toISOString();
    updateSaveState();
  } catch (e) {
    showError(e);
  }
}

const flushDraft = () => sendDraft(false, false);

setInterval(() => { if (!state.saving) sendDraft(); }, DRAFT_EVERY_MS);
document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") sendDraft(false, true); });
window.addEventListener("beforeunload", (e) => {
  if (!isDirty()) return;
  sendDraft(false, true);
  e.preventDefault();
  e.returnValue = t("leaveWarning");
});

async function save() {
  if (!state.page || state.saving) return;
  const page = state.page;
  const snapshot = clone(current());
  state.saving = true;
  say(t("saving"));
  let res;
  try {
    res = await api("POST", "side/gem", { id: page.id, version: page.version, felter: page.felter, tekst: page.tekst });
  } catch (e) {
    state.saving = false;
    showError(e);
    return;
  }
  state.saving = false;
  if (state.page !== page) return;
  if (res.conflict) { showConflict(res.conflict); return; }
  page.version = res.version;
  state.saved = snapshot;
  state.drafted = clone(snapshot);
  const problems = res.problemer || [];
  const errors = problems.filter((p) => p.alvor !== "advarsel").length;
  say(errors ? t("savedWithProblems", clock(), errors) : t("saved", clock()), errors ? "advarsel" : "ok");
  renderProblems(problems, res.tekst_linje ?? page.tekst_linje);
  updateSaveState();
  document.getElementById("konflikt").hidden = true;
  refreshListQuietly();
}

async function refreshListQuietly() {
  try {
    state.list = await api("GET", "sider");
    renderList();
    renderBooks();
  } catch (e) { /* the list stays as it was */ }
}

function showConflict(c) {
  const box = document.getElementById("konflikt");
  const mineId = newId("min");
  const diskId = newId("disk");
  const mine = (c.din && c.din.raa) ?? state.page.tekst;
  const disk = (c.disk && c.disk.raa) ?? "";
  const keepMine = async () => {
    try {
      const fresh = await api("GET", `side?${q({ id: state.page.id })}`);
      state.page.version = fresh.version;
    } catch (e) { showError(e); return; }
    await save();
  };
  const takeDisk = async () => {
    try {
      const fresh = await api("GET", `side?${q({ id: state.page.id })}`);
      state.page.version = fresh.version;
      state.page.felter = fresh.felter || {};
      state.page.tekst = fresh.tekst || "";
      state.saved = clone(current());
      state.drafted = clone(current());
      await api("POST", "side/kladde/slet", { id: state.page.id });
      renderEditor(null);
      say(t("tookDisk"));
    } catch (e) { showError(e); }
  };
  const copy = async () => {
    const ta = document.getElementById(mineId);
    try {
      await navigator.clipboard.writeText(mine);
      say(t("copied"));
    } catch (e) {
      ta.focus();
      ta.select();
      say(t("copyFailed"), "advarsel");
    }
  };
  fill(box, 
    el("h2", { id: "konflikt-titel" }, t("conflictTitle")),
    el("p", {}, t("conflictText")),
    el("div", { class: "side-om-side" },
      el("div", {}, el("label", { for: mineId }, t("mine")), el("textarea", { id: mineId, readOnly: true, rows: "14", value: mine })),
      el("div", {}, el("label", { for: diskId }, t("disk")), el("textarea", { id: diskId, readOnly: true, rows: "14", value: disk }))),
    el("div", { class: "knapper" },
      el("button", { type: "button", class: "knap primaer", id: "behold-min", onclick: keepMine }, t("keepMine")),
      el("button", { type: "button", class: "knap", id: "tag-disk", onclick: takeDisk }, t("takeDisk")),
      el("button", { type: "button", class: "knap", id: "kopier-min", onclick: copy }, t("copyMine"))));
  box.hidden = false;
  say(t("conflictTitle"), "advarsel");
  box.focus();
}

async function toggleHistory() {
  const box = document.getElementById("historik");
  const button = document.getElementById("historik-knap");
  if (!box.hidden) {
    box.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.textContent = t("history");
    return;
  }
  button.setAttribute("aria-expanded", "true");
  button.textContent = t("hideHistory");
  box.hidden = false;
  await renderHistory();
}

async function renderHistory() {
  const box = document.getElementById("historik");
  fill(box, el("h2", { id: "historik-titel" }, t("historyTitle")), el("p", {}, t("loading")));
  let data;
  try {
    data = await api("GET", `historik?${q({ id: state.page.id })}`);
  } catch (e) { showError(e, box.lastChild); return; }
  const versions = data.versioner || [];
  const shown = el("div", { class: "vist-udgave" });
  fill(box, el("h2", { id: "historik-titel" }, t("historyTitle")),
    versions.length ? el("ol", { class: "udgaver" }, versions.map((v) => {
      const when = clock(v.gemt);
      return el("li", {}, el("span", {}, `${when} · ${t("bytes", v.bytes)}`), " ",
        el("button", { type: "button", class: "knap lille", "aria-label": `${t("show")}: ${t("versionFrom", when)}`, onclick: async () => {
          try {
            const old = await api("GET", `historik/vis?${q({ id: state.page.id, v: v.v })}`);
            const id = newId("udgave");
            fill(shown, el("label", { for: id }, t("versionFrom", when)),
              el("textarea", { id, readOnly: true, rows: "12", value: old.raa ?? old.tekst ?? "" }));
            shown.querySelector("textarea").focus();
          } catch (e) { showError(e); }
        } }, t("show")), " ",
        el("button", { type: "button", class: "knap lille", "aria-label": `${t("restore")}: ${t("versionFrom", when)}`, onclick: () => restore(v) }, t("restore")));
    })) : el("p", {}, t("historyEmpty")),
    shown);
}

async function restore(v) {
  const id = state.page.id;
  let res;
  try {
    res = await api("POST", "historik/gendan", { id, v: v.v, version: state.page.version });
  } catch (e) { showError(e); return; }
  if (res.conflict) { showConflict(res.conflict); return; }
  await openPage(id);
  say(t("restored"));
}

document.addEventListener("keydown", (e) => {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "s") {
    e.preventDefault();
    if (state.page) save();
  }
});

// ---------------------------------------------------------------------------------------------
// The page picker and the "new" dialogs

function pickPage(withText, text = "") {
  const dialog = document.getElementById("vaelg-side-dialog");
  const search = document.getElementById("vaelg-side-soeg");
  const list = document.getElementById("vaelg-side-liste");
  const textField = document.getElementById("vaelg-side-tekst");
  document.getElementById("vaelg-side-tekst-felt").hidden = !withText;
  textField.value = text;
  search.value = "";
  const pages = allPages().filter((p) => !state.page || p.id !== state.page.id);
  const render = () => {
    const needle = fold(search.value.trim());
    const hits = pages.filter((p) => !needle || fold(`${p.titel} ${p.id}`).includes(needle));
    fill(list, ...hits.map((p, i) => {
      const id = newId("valg");
      return el("div", { class: "valg" },
        el("input", { type: "radio", name: "side", id, value: p.id, checked: i === 0 }),
        el("label", { for: id }, p.titel || p.id, el("span", { class: "sti" }, ` ${p.afsnit}`)));
    }));
    if (!hits.length) list.append(el("p", {}, t("noPages")));
  };
  search.oninput = render;
  render();
  return new Promise((resolve) => {
    const form = document.getElementById("vaelg-side-form");
    form.onsubmit = (e) => {
      e.preventDefault();
      const picked = form.querySelector("input[name=side]:checked");
      dialog.close();
      const page = picked && pages.find((p) => p.id === picked.value);
      resolve(page ? { ...page, tekst: textField.value.trim() || page.titel } : null);
    };
    dialog.onclose = () => resolve(null);
    dialog.showModal();
    search.focus();
  });
}

function setupDialogs() {
  for (const b of document.querySelectorAll("dialog [data-close]")) b.addEventListener("click", () => b.closest("dialog").close());

  const pageDialog = document.getElementById("ny-side-dialog");
  document.getElementById("ny-side").addEventListener("click", () => {
    const kind = document.getElementById("ny-side-type");
    fill(kind, ...((state.list && state.list.typer) || ["metode", "eksempel", "redskab", "kursus"])
      .map((k) => el("option", { value: k }, WORDS[lang].kinds[k] || k)));
    document.getElementById("ny-side-navn").value = "";
    document.getElementById("ny-side-fejl").textContent = "";
    pageDialog.showModal();
    kind.focus();
  });
  document.getElementById("ny-side-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const titel = document.getElementById("ny-side-navn").value.trim();
    const type = document.getElementById("ny-side-type").value;
    if (!titel) { document.getElementById("ny-side-navn").focus(); return; }
    try {
      const res = await api("POST", "side/ny", { type, titel });
      pageDialog.close();
      await refreshListQuietly();
      location.hash = `side=${encodeURIComponent(res.id)}`;
      say(t("created", titel));
    } catch (err) { showError(err, document.getElementById("ny-side-fejl")); }
  });

  const bookDialog = document.getElementById("ny-bog-dialog");
  document.getElementById("ny-bog").addEventListener("click", () => {
    document.getElementById("ny-bog-navn").value = "";
    document.getElementById("ny-bog-fejl").textContent = "";
    bookDialog.showModal();
    document.getElementById("ny-bog-navn").focus();
  });
  document.getElementById("ny-bog-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const titel = document.getElementById("ny-bog-navn").value.trim();
    if (!titel) { document.getElementById("ny-bog-navn").focus(); return; }
    try {
      const res = await api("POST", "bog/ny", { titel });
      bookDialog.close();
      await refreshListQuietly();
      location.hash = `bog=${encodeURIComponent(res.navn)}`;
      say(t("created", titel));
    } catch (err) { showError(err, document.getElementById("ny-bog-fejl")); }
  });
}

// ---------------------------------------------------------------------------------------------
// Books

async function openBook(name) {
  state.page = null;
  let book;
  try {
    book = await api("GET", `bog?${q({ navn: name })}`);
  } catch (e) {
    workArea(el("h1", {}, t("book")), el("p", { class: "fejltekst" }, e instanceof DeskError ? e.text : String(e)));
    return;
  }
  const navn = book.navn || name;
  const recipients = [...new Set(((book.indstillinger || {}).samtykker || []).map((c) => c.modtager).filter(Boolean))];
  const recipientId = newId("modtager");
  const recipient = el("select", { id: recipientId }, recipients.map((r) => el("option", { value: r }, r)));
  const main = workArea(
    el("h1", {}, book.titel || name),
    el("div", { class: "handlinger" },
      el("button", { type: "button", class: "knap primaer", id: "hent-pdf", onclick: (e) => downloadPdf(e.currentTarget, navn, { udgave: "almindelig" }) }, t("pdf")),
      recipients.length ? el("span", { class: "felt-inline" }, el("label", { for: recipientId }, t("recipient")), recipient) : null,
      el("button", { type: "button", class: "knap", id: "hent-overgang", onclick: (e) => downloadPdf(e.currentTarget, navn, { udgave: "overgang", modtager: recipient.value || "" }) }, t("pdfTransition"))),
    el("section", { "aria-labelledby": "kapitler-titel" }, el("h2", { id: "kapitler-titel" }, t("chapters")), chapterList(book)),
    el("section", { "aria-labelledby": "fotos-titel" }, el("h2", { id: "fotos-titel" }, t("photos")), photoArea(book.navn || name, book.fotos || [], false)),
    el("section", { "aria-labelledby": "indstillinger-titel" }, el("h2", { id: "indstillinger-titel" }, t("settings")), settingsForm(book)));
  main.focus();
}

/** Builds a PDF at the server and hands it to the browser as a download; a refusal (no
 * consent, a missing photo) is said in words instead of saved as a file. */
async function downloadPdf(button, navn, params) {
  button.disabled = true;
  say(t("building"));
  try {
    const res = await fetch(`${API}bog/pdf?${q({ navn, ...params })}`, { credentials: "same-origin" });
    if (!res.ok) {
      let body = null;
      try { body = await res.json(); } catch (e) { /* not JSON */ }
      throw new DeskError(res.status, body);
    }
    const blob = await res.blob();
    const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") || "")?.[1] || `${navn}.pdf`;
    const url = URL.createObjectURL(blob);
    const a = el("a", { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    say(t("pdfReady", name));
  } catch (e) {
    showError(e instanceof DeskError ? e : new DeskError(0, { fejl: { besked: t("network") } }));
  } finally {
    button.disabled = false;
  }
}

function chapterList(book) {
  const ol = el("ol", { class: "kapitler" });
  const chapters = book.kapitler || [];
  const move = async (i, by, focusWhich) => {
    const ids = chapters.map((c) => c.id);
    const [c] = ids.splice(i, 1);
    ids.splice(i + by, 0, c);
    try {
      await api("POST", "bog/raekkefoelge", { navn: book.navn, kapitler: ids });
    } catch (e) { showError(e); return; }
    const fresh = await api("GET", `bog?${q({ navn: book.navn })}`);
    Object.assign(book, fresh);
    ol.replaceWith(chapterList(book));
    const buttons = document.querySelectorAll(`.kapitler li:nth-child(${i + by + 1}) button`);
    const target = [...buttons].find((b) => b.dataset.retning === focusWhich) || buttons[0];
    target?.focus();
    say(t("chapterMoved", chapters[i].titel, i + by + 1));
  };
  ol.append(...chapters.map((c, i) => el("li", { class: "kapitel" },
    el("h3", {}, el("a", { href: `#side=${encodeURIComponent(c.id)}` }, c.titel || c.fil), c.tom ? el("span", { class: "lille" }, ` ${t("empty")}`) : null),
    (c.spoergsmaal || []).length ? el("ul", { class: "spoergsmaal", "aria-label": t("questions") }, c.spoergsmaal.map((s) => el("li", {}, s))) : null,
    el("div", { class: "knapper" },
      el("a", { class: "knap lille", href: `#side=${encodeURIComponent(c.id)}`, "aria-label": `${t("open")}: ${c.titel || c.fil}` }, t("open")),
      i > 0 ? el("button", { type: "button", class: "knap lille", "data-retning": "op", "aria-label": t("moveUp", c.titel || c.fil), onclick: () => move(i, -1, "op") }, t("up")) : null,
      i < chapters.length - 1 ? el("button", { type: "button", class: "knap lille", "data-retning": "ned", "aria-label": t("moveDown", c.titel || c.fil), onclick: () => move(i, 1, "ned") }, t("down")) : null))));
  return ol;
}

/** Photo upload by drag-and-drop or a file button; `inEditor`: the returned Markdown goes into the
 * text at the cursor. */
function photoArea(name, photos, inEditor) {
  const fileId = "foto-fil";
  const captionId = newId("billedtekst");
  const gallery = el("ul", { class: "fotos" });
  const renderGallery = () => {
    fill(gallery, ...photos.map((f) => el("li", {},
      el("img", { src: f.url, alt: f.fil, loading: "lazy" }),
      el("span", { class: "lille" }, f.fil),
      inEditor ? el("button", { type: "button", class: "knap lille", onclick: () => insertPhotoMarkdown(f.markdown || `![](billeder/${markdownPath(f.fil)})`, captionField.value) }, t("insertPhoto", f.fil)) : null)));
    if (!photos.length) fill(gallery, el("li", { class: "lille" }, t("noPhotos")));
  };
  const captionField = el("input", { id: captionId, type: "text", autocomplete: "off" });
  const upload = (files) => uploadPhotos(name, files, inEditor, captionField.value, (res) => {
    photos.push({ fil: res.fil, url: res.url || `${API}bog/foto?${q({ navn: name, fil: res.fil })}`, markdown: res.markdown });
    renderGallery();
  });
  const input = el("input", { type: "file", id: fileId, accept: "image/*", multiple: true, class: "skjult-fil",
    onchange: (e) => { upload([...e.target.files]); e.target.value = ""; } });
  const zone = el("div", { class: "slipzone", ondragover: dragOver, ondrop: (e) => { e.preventDefault(); upload([...e.dataTransfer.files]); } },
    el("p", {}, t("dropPhoto")),
    el("div", { class: "felt" }, el("label", { for: captionId }, t("caption")), captionField),
    input, el("label", { for: fileId, class: "knap" }, t("chooseFile")));
  renderGallery();
  return el("div", {}, zone, gallery);
}

/** Sends photos to the book `name`; `insert`: their Markdown goes into the text at the cursor. */
async function uploadPhotos(name, files, insert, caption, onStored) {
  for (const file of files) {
    say(t("uploading", file.name));
    try {
      const res = await api("POST", `bog/foto?${q({ navn: name, fil: file.name })}`, file, { type: file.type || "application/octet-stream" });
      if (onStored) onStored(res);
      if (insert) insertPhotoMarkdown(res.markdown, caption);
      say(t("photoAdded", res.fil));
    } catch (e) { showError(e); }
  }
}

/** A file name as a Markdown destination: names with spaces go in <…> as the dialect reads them. */
const markdownPath = (name) => (/[\s()<>]/.test(name) ? `<${name}>` : name);

function insertPhotoMarkdown(markdown, caption) {
  let md = markdown;
  if (caption && caption.trim()) md = md.replace(/^!\[[^\]]*\]/, `![${caption.trim().replace(/[[\]]/g, "")}]`);
  const ta = area();
  if (!ta) return;
  const before = ta.value.slice(0, ta.selectionStart);
  const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  // The caption is selected, so the writer can type it right away.
  const altEnd = md.indexOf("](");
  if (md.startsWith("![") && altEnd > 2) replaceSelection(`${lead}${md}\n`, lead.length + 2, lead.length + altEnd);
  else replaceSelection(`${lead}${md}\n`);
}

function dragOver(e) {
  if (e.dataTransfer && [...e.dataTransfer.types].includes("Files")) e.preventDefault();
}

function dropOnText(e) {
  if (!state.page || !state.page.book || !e.dataTransfer.files.length) return;
  e.preventDefault();
  uploadPhotos(state.page.book, [...e.dataTransfer.files], true, "");
}

/** The chapter's guiding questions and the book's photos beside the text of a chapter. */
async function loadChapterHelp(name) {
  let book;
  try { book = await api("GET", `bog?${q({ navn: name })}`); } catch (e) { return; }
  if (!state.page || state.page.book !== name) return;
  const chapter = (book.kapitler || []).find((c) => c.id === state.page.id);
  const aside = document.getElementById("kapitel-hjaelp");
  if (aside && chapter && (chapter.spoergsmaal || []).length) {
    fill(aside, el("h3", {}, t("questions")), el("ul", {}, chapter.spoergsmaal.map((s) => el("li", {}, s))));
  } else if (aside) aside.remove();
  const photoBox = document.getElementById("fotoomraade");
  if (photoBox) fill(photoBox, el("h3", {}, t("photos")), photoArea(name, book.fotos || [], true));
}

/** `bog.toml` as a form, built from the settings' own shape (text, dates, yes/no, numbers, lists,
 * groups), so a setting the server adds shows up without a change here. */
function settingsForm(book) {
  const values = clone(book.indstillinger || {});
  const error = el("p", { class: "fejltekst", role: "alert", hidden: true });
  const form = el("form", { class: "indstillinger", novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    error.hidden = true;
    try {
      const res = await api("POST", "bog/indstillinger", { navn: book.navn, version: book.version, indstillinger: values });
      if (res.conflict) { showError(new DeskError(409, { fejl: { besked: t("conflictTitle") } }), error); return; }
      if (res.version) book.version = res.version;
      say(t("settingsSaved"));
    } catch (err) { showError(err, error); }
  } }, valueFields(values, ["forside", ...(book.kapitler || []).map((c) => (c.fil || "").replace(/\.md$/, "").replace(/^\d+-/, ""))]),
  error, el("button", { type: "submit", class: "knap primaer" }, t("saveSettings")));
  return form;
}

// The rows of bog.toml's lists, so an empty list can get its first row (see book::form).
const BOOK_ROWS = {
  historie: { dato: "", sted: "", tekst: "" },
  tidslinje: { dato: "", hvad: "", sted: "", foto: "" },
  minder: { fil: "", tekst: "", dato: "" },
  samtykker: { givet_af: "", modtager: "", dato: "", kapitler: [], barnet_siger_ja: false },
};
// Fields that hold a real date (a date picker); the other `dato` fields may be words ("sommeren 2021").
const BOOK_DATES = new Set(["foedt", "samtykker.dato"]);

/** The settings' fields from their own shape, with labels from BOOK_LABELS. `chapters`: the
 * names a consent may cover, suggested. */
function valueFields(obj, chapters, where = "") {
  return Object.keys(obj).map((key) => {
    const v = obj[key];
    const path = where ? `${where}.${key}` : key;
    const label = t("bookLabels")[key] || t("fieldOf", key);
    if (BOOK_ROWS[key] || (Array.isArray(v) && v.length && v.every((x) => x && typeof x === "object"))) {
      const blank = BOOK_ROWS[key] || Object.fromEntries(Object.entries(v[0]).map(([k, x]) => [k, typeof x === "boolean" ? false : Array.isArray(x) ? [] : ""]));
      return rowsWidget(obj, key, label, (n) => t("itemN", label, n), blank, (row) => valueFields(row, chapters, key));
    }
    if (Array.isArray(v)) return listWidget({ forslag: key === "kapitler" ? chapters : [] }, obj, key, label);
    if (v && typeof v === "object") return el("fieldset", { class: "gruppe" }, el("legend", {}, label), valueFields(v, chapters, path));
    if (key === "laeser") return fieldWidget({ navn: key, etiket: label, type: "valg", forslag: ["barn", "ung"] }, obj, key);
    const type = typeof v === "boolean" ? "bool" : typeof v === "number" ? "tal" : BOOK_DATES.has(path) ? "dato" : "tekst";
    return fieldWidget({ navn: key, etiket: label, type }, obj, key);
  });
}

// ---------------------------------------------------------------------------------------------
// Start

document.getElementById("soeg").addEventListener("input", () => state.list && renderList());
setupDialogs();
window.addEventListener("hashchange", route);
narrow.addEventListener("change", () => { if (!narrow.matches) document.getElementById("menu").open = true; });
loadList().then(route);
