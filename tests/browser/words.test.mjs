// The browser's Danish stemmer and ranking, without a browser: static/search.js loaded in Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const REPO = path.resolve(import.meta.dirname, "../..");
const search = require(path.join(REPO, "themes/default/static/search.js"));
const OUT = path.resolve(process.env.BOGBINDER_OUT || path.join(REPO, "output"));

test("the JS stemmer agrees with rust-stemmers on every word of tests/data/danish_stems.tsv", () => {
  const lines = fs.readFileSync(path.join(REPO, "tests/data/danish_stems.tsv"), "utf8").trim().split("\n");
  assert.ok(lines.length > 5000);
  const wrong = [];
  for (const line of lines) {
    const [word, expected] = line.split("\t");
    const got = search.stem(word);
    if (got !== expected) wrong.push(`${word}: rust ${expected}, js ${got}`);
  }
  assert.deepEqual(wrong, [], `${wrong.length} words differ:\n${wrong.slice(0, 40).join("\n")}`);
});

test("word forms, aa and stop words", () => {
  assert.equal(search.stem("samtalen"), search.stem("samtale"));
  assert.equal(search.stem("samtaler"), search.stem("samtale"));
  assert.equal(search.stem("barnets"), search.stem("barn"));
  assert.equal(search.fold("Aabenraa"), "åbenrå");
  assert.deepEqual(search.parse("og samtalen i skolen").map((q) => q.stem), ["samtal", "skol"]);
});

/** Loads the built index as the browser would: each script calls BOGBINDER_SEARCH.*. */
function loadIndex(out) {
  const state = { manifest: null, shards: {}, docs: {} };
  const ctx = vm.createContext({
    BOGBINDER_SEARCH: {
      manifest: (m) => { state.manifest = m; },
      shard: (n, t) => { state.shards[n] = t; },
      docs: (first, list) => { list.forEach((x, k) => { state.docs[first + k] = x; }); },
    },
  });
  const run = (rel) => vm.runInContext(fs.readFileSync(path.join(out, "soeg", rel), "utf8"), ctx);
  run("index.js");
  state.manifest.keyIndex = {};
  state.manifest.shards.forEach((k, i) => { state.manifest.keyIndex[k] = i; });
  state.manifest.shards.forEach((_, i) => run(`i/${i}.js`));
  for (let c = 0; c * state.manifest.per < state.manifest.docs; c++) run(`t/${c}.js`);
  assert.equal(Object.keys(state.docs).length, state.manifest.docs, "every page's text is in its chunk");
  return state;
}

test("ranking puts title matches first (built demo index)", () => {
  const idx = loadIndex(OUT);
  const query = search.parse("samtale ");
  const { list } = search.rank(query, idx.manifest, idx.shards);
  const titles = list.map((r) => idx.docs[r.doc].t);
  assert.ok(list.length > 3, titles.join(", "));
  const inTitle = list.map((r) => r.titleHits > 0);
  const firstBody = inTitle.indexOf(false);
  assert.ok(firstBody > 0, `some title matches: ${titles}`);
  assert.ok(inTitle.slice(firstBody).every((x) => !x), `title matches first: ${titles}`);
  assert.ok(titles.slice(0, firstBody).includes("Børnesamtalen"), `compound title counts: ${titles}`);
  // Every page found mentions a form of the word.
  for (const r of list) {
    const d = idx.docs[r.doc];
    assert.match((d.t + " " + d.x).toLowerCase(), /samtal/, d.t);
  }
});

test("ae and oe typed for æ and ø meet them; word forms and real ae/oe words keep themselves", () => {
  assert.equal(search.stem("netvaerksmoede"), "netvaerksmoed");
  assert.equal(search.stem("Netværksmødet"), search.stem("netvaerksmoede"));
  assert.equal(search.stem("datoer"), search.stem("dato"));
  assert.equal(search.stem("miljøer"), search.stem("miljø"));
  assert.equal(search.stem("michael"), search.stem("Michael"));
  assert.notEqual(search.stem("michael"), search.stem("michal"));
  assert.deepEqual(search.parse("vaere netvaerksmoede").map((q) => q.stem), [search.stem("netværksmøde")]);
});

test("netvaerksmoede finds the network-meeting pages (built demo index)", () => {
  const idx = loadIndex(OUT);
  const typed = search.rank(search.parse("netvaerksmoede "), idx.manifest, idx.shards).list;
  const proper = search.rank(search.parse("netværksmøde "), idx.manifest, idx.shards).list;
  assert.ok(typed.length > 0);
  assert.deepEqual(typed.map((r) => r.doc), proper.map((r) => r.doc), "same pages in the same order");
  assert.match(idx.docs[typed[0].doc].t.toLowerCase(), /netværksmøde/);
});
