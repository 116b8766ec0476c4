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

// A common term's entry as src/handbook/search.rs writes it (term_json): its `tier` best
// postings by rawScore (ties: first page first), the rest in files of 2, 4, ... times `tier`.
function tiered(postings, tier, rests) {
  const raw = (v) => {
    const f = v & 15, tf = v >> 4;
    return (f & 1 ? 12 : 0) + (f & 2 ? 4 : 0) + (f & 4 ? 3 : 0) + (tf ? 1 + Math.log(tf) : 0);
  };
  const gaps = (list) => { let prev = 0; return list.flatMap(([d, v]) => { const g = d - prev; prev = d; return [g, v]; }); };
  if (postings.length <= tier) return gaps(postings);
  const order = postings.map((p, i) => i).sort((a, b) => raw(postings[b][1]) - raw(postings[a][1]) || a - b);
  const inPageOrder = (ids) => gaps([...ids].sort((a, b) => a - b).map((i) => postings[i]));
  const entry = { p: inPageOrder(order.slice(0, tier)), n: postings.length, m: [], r: [] };
  for (let start = tier, size = 2 * tier; start < order.length; start += size, size *= 2) {
    const chunk = order.slice(start, start + size);
    entry.m.push(postings[chunk[0]][1]);
    entry.r.push(rests.length);
    rests.push(inPageOrder(chunk));
  }
  return entry;
}

test("a common word's best postings give the same first results as all of them, or ask for the rest", () => {
  // A small random generator, so a failure can be repeated.
  let seed = 7;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const words = ["samtal", "samtalegrup", "barn", "trivsel"];
  let sureRuns = 0, unsureRuns = 0;
  for (let round = 0; round < 60; round++) {
    const docs = 400;
    const full = {}, split = {}, rests = {}, restList = [];
    for (const w of words) {
      const share = 1 + rnd(10);
      const postings = [];
      for (let d = 0; d < docs; d++) {
        if (rnd(10) >= share) continue;
        const fields = (rnd(15) === 0 ? 1 : 0) | (rnd(8) === 0 ? 2 : 0) | (rnd(6) === 0 ? 4 : 0) | 8;
        postings.push([d, (1 + rnd(6)) * 16 + fields]);
      }
      if (!postings.length) continue;
      full[w] = tiered(postings, Infinity, []);
      split[w] = tiered(postings, 15, restList);
    }
    restList.forEach((r, i) => { rests[i] = r; });
    const manifest = { docs, shards: ["b", "s", "t"], keyIndex: { b: 0, s: 1, t: 2 } };
    const byShard = (entries) => {
      const out = { 0: {}, 1: {}, 2: {} };
      Object.keys(entries).forEach((w) => { out[manifest.keyIndex[w[0]]][w] = entries[w]; });
      return out;
    };
    for (const text of ["samtale", "samtale ", "barn trivsel", "barnets samtale", "trivsel barn samtalegruppe "]) {
      const query = search.parse(text);
      const all = search.rank(query, manifest, byShard(full));
      assert.ok(all.list.length > 0, text);
      const part = search.rank(query, manifest, byShard(split), {});
      const withRests = search.rank(query, manifest, byShard(split), rests);
      const ids = (r, k) => r.list.slice(0, k).map((x) => x.doc);
      assert.deepEqual(ids(withRests, 1000), ids(all, 1000), `${text}: all postings loaded`);
      assert.equal(withRests.total, all.list.length);
      for (const k of [1, 5, 20]) {
        if (part.sure(k)) {
          sureRuns++;
          assert.deepEqual(ids(part, k), ids(all, k), `round ${round}, "${text}": the first ${k} without the rest`);
        } else {
          unsureRuns++;
          assert.ok(part.missing.length > 0);
        }
      }
      if (part.total !== null) assert.equal(part.total, all.list.length, `"${text}": the count`);
      // As the search page does: load each term's next rest file until the first 20 are sure.
      const loaded = {};
      let r = search.rank(query, manifest, byShard(split), loaded), rounds = 0;
      while (!r.sure(20)) {
        assert.ok(r.missing.length > 0 && rounds++ < 20);
        r.missing.forEach((n) => { loaded[n] = rests[n]; });
        r = search.rank(query, manifest, byShard(split), loaded);
      }
      assert.deepEqual(ids(r, 20), ids(all, 20), `round ${round}, "${text}": after ${rounds} more files`);
    }
  }
  assert.ok(sureRuns > 50 && unsureRuns > 50, `both cases occur: ${sureRuns} sure, ${unsureRuns} not`);
});
