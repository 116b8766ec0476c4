// bogbinder search page (soeg/): Danish word forms, offline, from a web server and from file://.
//
// The index is a set of script files written by src/search.rs; each calls BOGBINDER_SEARCH.*
// to register itself, because browsers allow no fetch/XHR for pages opened as files. Only the
// shards for the words typed and the chunks holding the texts of the results shown are loaded.
//
// The word rules below must match src/text/stemming.rs exactly: folding (lower case, aa → å,
// ä → æ, ö → ø, accents dropped), the Snowball Danish stemmer, the stem spelled out in ASCII
// (æ → ae, ø → oe, å → aa: "netvaerksmoede" meets "netværksmøde"), and the stop words. The browser test
// suite checks stem() against the Rust stemmer on tests/data/danish_stems.tsv.
(function (global) {
  "use strict";

  // ---------------------------------------------------------------- Danish words
  var STOP = {};
  ("ad af alle alt anden at blev blive bliver da de dem den denne der deres det dette dig din " +
    "disse dog du efter eller en end er et for fra ham han hans har havde have hende hendes her " +
    "hos hun hvad hvis hvor i ikke ind jeg jer jo kunne man mange med meget men mig min mine mit " +
    "mod ned noget nogle nu når og også om op os over på selv sig sin sine sit skal skulle som " +
    "sådan thi til ud under var vi vil ville vor være været").split(" ").forEach(function (w) {
    STOP[w] = true;
    STOP[spellOut(w)] = true;
  });

  var MAX_WORD_CHARS = 60;

  var FOLD = { "ä": "æ", "ö": "ø", "á": "a", "à": "a", "â": "a", "é": "e", "è": "e", "ê": "e",
    "ë": "e", "í": "i", "ì": "i", "î": "i", "ï": "i", "ó": "o", "ò": "o", "ô": "o", "ú": "u",
    "ù": "u", "û": "u", "ü": "u" };

  // Hoisted: the stop words above use it.
  function spellOut(stem) {
    return stem.replace(/[æøå]/g, function (c) { return c === "æ" ? "ae" : c === "ø" ? "oe" : "aa"; });
  }

  function fold(word) {
    var out = "";
    var lower = word.toLowerCase();
    for (var i = 0; i < lower.length; i++) {
      var c = lower.charAt(i);
      out += FOLD[c] || c;
    }
    return out.indexOf("aa") >= 0 ? out.replace(/aa/g, "å") : out;
  }

  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  function words(text) {
    return text.match(WORD) || [];
  }

  // Snowball Danish (snowballstem.org/algorithms/danish/stemmer.html), on arrays of code points.
  var VOWEL = "aeiouyæåø";
  var CONSONANT = "bcdfghjklmnpqrstvwxz";
  var S_ENDING = "abcdfghjklmnoprtvyzå";
  function bySize(list) {
    return list.map(function (s) { return Array.from(s); }).sort(function (a, b) { return b.length - a.length; });
  }
  var MAIN_SUFFIXES = bySize(["hed", "ethed", "ered", "e", "erede", "ende", "erende", "ene",
    "erne", "ere", "en", "heden", "eren", "er", "heder", "erer", "heds", "es", "endes", "erendes",
    "enes", "ernes", "eres", "ens", "hedens", "erens", "ers", "ets", "erets", "et", "eret", "s"]);
  var OTHER_SUFFIXES = bySize(["ig", "lig", "elig", "els", "løst"]);
  var PAIRS = ["gd", "dt", "gt", "kt"];

  function endsWith(w, suffix) {
    var n = w.length, m = suffix.length;
    if (m > n) return false;
    for (var i = 0; i < m; i++) if (w[n - m + i] !== suffix[i]) return false;
    return true;
  }
  // The longest suffix that ends the word and starts at or after p1 (inside R1).
  function longestInR1(w, suffixes, p1) {
    for (var i = 0; i < suffixes.length; i++) {
      var s = suffixes[i];
      if (w.length - s.length >= p1 && endsWith(w, s)) return s.join("");
    }
    return null;
  }
  function markR1(w) {
    var n = w.length;
    if (n < 3) return n;
    var i = 0;
    while (i < n && VOWEL.indexOf(w[i]) < 0) i++;
    while (i < n && VOWEL.indexOf(w[i]) >= 0) i++;
    if (i >= n) return n;
    return Math.max(i + 1, 3);
  }
  function consonantPair(w, p1) {
    var n = w.length;
    if (n - 2 >= p1 && PAIRS.indexOf(w[n - 2] + w[n - 1]) >= 0) w.length = n - 1;
  }
  function stemFolded(word) {
    var w = Array.from(word);
    var p1 = markR1(w);
    var s = longestInR1(w, MAIN_SUFFIXES, p1);
    if (s === "s") {
      if (w.length >= 2 && S_ENDING.indexOf(w[w.length - 2]) >= 0) w.length -= 1;
    } else if (s) {
      w.length -= Array.from(s).length;
    }
    consonantPair(w, p1);
    if (endsWith(w, ["i", "g", "s", "t"])) w.length -= 2;
    s = longestInR1(w, OTHER_SUFFIXES, p1);
    if (s === "løst") {
      w.length -= 1;
    } else if (s) {
      w.length -= Array.from(s).length;
      consonantPair(w, p1);
    }
    var n = w.length;
    if (n - 1 >= p1 && n >= 2 && CONSONANT.indexOf(w[n - 1]) >= 0 && w[n - 2] === w[n - 1]) {
      w.length = n - 1;
    }
    return w.join("");
  }
  // The term of a folded word: stemmed, then spelled out (as src/text/stemming.rs does).
  function termOf(folded) {
    return spellOut(stemFolded(folded));
  }
  function stem(word) {
    return termOf(fold(word));
  }

  // ---------------------------------------------------------------- shards
  // `manifest` is what soeg/index.js registers, with keyIndex (key → shard number) added.
  // The shard a term lives in: the longest shard key that is a prefix of it (as in search.rs).
  function shardOf(manifest, term) {
    var chars = Array.from(term), best = -1;
    for (var i = 1; i <= chars.length; i++) {
      var k = manifest.keyIndex[chars.slice(0, i).join("")];
      if (k !== undefined) best = k;
    }
    return best;
  }
  function shardsFor(manifest, q) {
    var list = [], k = shardOf(manifest, q.stem);
    if (k >= 0) list.push(k);
    if (q.prefix) {
      manifest.shards.forEach(function (key, i) {
        if (list.length < 16 && i !== k && key.length > q.stem.length && key.indexOf(q.stem) === 0) {
          list.push(i);
        }
      });
    }
    return list;
  }

  // ---------------------------------------------------------------- query and ranking
  function parse(text) {
    var ws = words(text), out = [], seen = {};
    var open = !/\s$/.test(text);
    ws.forEach(function (w, i) {
      // Longer words are not in the index (MAX_WORD_CHARS in src/stemming.rs).
      if (Array.from(w).length > MAX_WORD_CHARS) return;
      var f = fold(w);
      if (Array.from(f).length < 2 || STOP[f]) return;
      var s = termOf(f);
      var prefix = open && i === ws.length - 1 && Array.from(f).length >= 3;
      if (seen[s]) { seen[s].prefix = seen[s].prefix || prefix; return; }
      seen[s] = { word: w, stem: s, prefix: prefix };
      out.push(seen[s]);
    });
    return out;
  }

  var TITLE = 1, HEADING = 2, META = 4;
  // How a posting value (tf * 16 + fields) ranks its page for a term, before the idf (as
  // posting_rank in src/handbook/search.rs).
  function rawScore(v) {
    var f = v & 15, tf = v >> 4;
    return (f & TITLE ? 12 : 0) + (f & HEADING ? 4 : 0) + (f & META ? 3 : 0) + (tf ? 1 + Math.log(tf) : 0);
  }
  // Pages matching the query, best first; `shards` maps shard number → terms → postings, and
  // `rests` rest file number → postings. A common term's entry is {p, n, m, r}: its best
  // postings, its page count, and the files of the rest in rank order with the best value of
  // each (see term_json in src/handbook/search.rs). `missing` lists, per term, the next rest
  // file not loaded; `sure(k)` says whether the postings not loaded could change the first k.
  function rank(query, manifest, shards, rests) {
    rests = rests || {};
    var n = manifest.docs, perDoc = {}, missing = {};
    var bound = {}, titleMaybe = {};
    query.forEach(function (q, qi) {
      shardsFor(manifest, q).forEach(function (k) {
        var terms = shards[k] || {};
        Object.keys(terms).forEach(function (t) {
          var exact = t === q.stem;
          if (!exact && !(q.prefix && t.indexOf(q.stem) === 0)) return;
          var e = terms[t], tiered = !Array.isArray(e);
          var lists = tiered ? [e.p] : [e];
          var df = tiered ? e.n : e.length / 2, idf = Math.log(1 + n / df), w = idf * (exact ? 1 : 0.6);
          // The rest files are loaded in order: those loaded count, the next bounds the rest.
          var c = 0;
          while (tiered && c < e.r.length && rests[e.r[c]]) lists.push(rests[e.r[c++]]);
          if (tiered && c < e.r.length) {
            missing[e.r[c]] = true;
            bound[qi] = Math.max(bound[qi] || 0, rawScore(e.m[c]) * w);
            if (e.m[c] & TITLE) titleMaybe[qi] = true;
          }
          lists.forEach(function (post) {
            var d = 0;
            for (var i = 0; i < post.length; i += 2) {
              d += post[i];
              var v = post[i + 1], s = rawScore(v) * w;
              var r = perDoc[d] || (perDoc[d] = { doc: d, words: {}, title: {}, score: 0 });
              if (!(qi in r.words) || r.words[qi] < s) r.words[qi] = s;
              if (v & TITLE) r.title[qi] = true;
            }
          });
        });
      });
    });
    var all = Object.keys(perDoc).map(function (d) {
      var r = perDoc[d];
      r.matched = Object.keys(r.words).length;
      r.titleHits = Object.keys(r.title).length;
      Object.keys(r.words).forEach(function (k) { r.score += r.words[k]; });
      return r;
    });
    var every = all.filter(function (r) { return r.matched === query.length; });
    var partial = every.length === 0 && query.length > 1;
    var list = partial ? all : every;
    // Title matches first, then more words matched, then the score.
    list.sort(function (a, b) {
      return b.titleHits - a.titleHits || b.matched - a.matched || b.score - a.score || a.doc - b.doc;
    });
    missing = Object.keys(missing).map(Number);
    var oneTermEach = query.every(function (q) { return matching(q, manifest, shards).length === 1; });
    // The best a page could reach with the postings not loaded.
    function upper(r) {
      var u = { t: r.titleHits, m: r.matched, s: r.score };
      Object.keys(bound).forEach(function (qi) {
        if (!(qi in r.words)) {
          u.m++;
          u.s += bound[qi];
          if (titleMaybe[qi]) u.t++;
        } else {
          u.s += Math.max(0, bound[qi] - r.words[qi]);
          if (titleMaybe[qi] && !r.title[qi]) u.t++;
        }
      });
      return u;
    }
    function sure(k) {
      if (!missing.length) return true;
      if (partial || list.length < k) return false;
      var th = list[k - 1], top = {};
      // Whether a page whose best is `u` could rank before the k-th result. On equal scores the
      // first page goes first: a known page by its number; a page not seen at all comes after
      // the k-th only when each word is one term, whose best postings hold the first pages of
      // a tie (term_json in src/handbook/search.rs), so a tie at the bound is one it loses.
      function reaches(u, doc) {
        if (u.t !== th.titleHits) return u.t > th.titleHits;
        if (u.m !== th.matched) return u.m > th.matched;
        if (u.s !== th.score) return u.s > th.score;
        return doc === undefined ? !oneTermEach : doc < th.doc;
      }
      for (var i = 0; i < k; i++) {
        var u = upper(list[i]);
        if (u.t !== list[i].titleHits || u.m !== list[i].matched || u.s > list[i].score) return false;
        top[list[i].doc] = true;
      }
      if (reaches(upper({ words: {}, title: {}, titleHits: 0, matched: 0, score: 0 }))) return false;
      return !all.some(function (r) { return !top[r.doc] && reaches(upper(r), r.doc); });
    }
    // The number of results when every posting is loaded, or for one word in one term (its
    // page count); else null (at least list.length).
    var total = list.length;
    if (missing.length) {
      var only = query.length === 1 && Object.keys(shards).length && single(query[0], manifest, shards);
      total = only ? only.n : null;
    }
    return { list: list, partial: partial, missing: missing, sure: sure, total: total };
  }
  // The entries of the terms a word matches.
  function matching(q, manifest, shards) {
    var found = [];
    shardsFor(manifest, q).forEach(function (k) {
      Object.keys(shards[k] || {}).forEach(function (t) {
        if (t === q.stem || (q.prefix && t.indexOf(q.stem) === 0)) found.push(shards[k][t]);
      });
    });
    return found;
  }
  // The tiered entry of a word that matches exactly one term, or null.
  function single(q, manifest, shards) {
    var found = matching(q, manifest, shards);
    return found.length === 1 && !Array.isArray(found[0]) ? found[0] : null;
  }

  // ---------------------------------------------------------------- snippets
  var stemCache = {};
  function matches(word, query) {
    var f = fold(word);
    var s = stemCache[f] || (stemCache[f] = termOf(f));
    for (var i = 0; i < query.length; i++) {
      var q = query[i];
      if (s === q.stem || (q.prefix && s.indexOf(q.stem) === 0)) return true;
      // The tail of a compound ("børnesamtalen" for "samtale"), as src/search.rs indexes titles.
      if (q.stem.length >= 4 && s.length > q.stem.length + 2 &&
          s.slice(-q.stem.length) === q.stem) return true;
    }
    return false;
  }
  // Appends `text` to `el`, with the query's words marked.
  function appendMarked(el, text, query) {
    var last = 0, m;
    var re = new RegExp(WORD.source, "gu");
    while ((m = re.exec(text))) {
      if (!matches(m[0], query)) continue;
      if (m.index > last) el.appendChild(doc.createTextNode(text.slice(last, m.index)));
      var mark = doc.createElement("mark");
      mark.textContent = m[0];
      el.appendChild(mark);
      last = m.index + m[0].length;
    }
    if (last < text.length) el.appendChild(doc.createTextNode(text.slice(last)));
  }
  // The stretch of about 30 words with the most matches.
  function snippet(text, query) {
    var re = new RegExp(WORD.source, "gu"), pos = [], hit = [], m;
    while ((m = re.exec(text))) {
      pos.push(m.index);
      hit.push(matches(m[0], query) ? 1 : 0);
    }
    var SPAN = 30, best = 0, bestAt = 0, sum = 0;
    for (var i = 0; i < pos.length; i++) {
      sum += hit[i];
      if (i >= SPAN) sum -= hit[i - SPAN];
      if (sum > best) { best = sum; bestAt = Math.max(0, i - SPAN + 1); }
    }
    if (best > 0) bestAt = Math.max(0, bestAt - 5);
    var start = pos.length ? pos[bestAt] : 0;
    var endWord = Math.min(pos.length, bestAt + SPAN + 5);
    var end = endWord < pos.length ? pos[endWord] : text.length;
    return (start > 0 ? "… " : "") + text.slice(start, end).trim() + (end < text.length ? " …" : "");
  }

  var api = { fold: fold, words: words, stem: stem, stemFolded: stemFolded, spellOut: spellOut, STOP: STOP,
    parse: parse, rank: rank, snippet: snippet, shardsFor: shardsFor };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
    return;
  }

  // ---------------------------------------------------------------- the page
  var doc = global.document;
  var page = doc.getElementById("soeg");
  var root = doc.body.getAttribute("data-root") || "";
  var base = root + "soeg/";
  var manifest = null;
  var shards = {};
  var rests = {};
  var docs = {};
  var loading = {};

  global.BOGBINDER_SEARCH = {
    manifest: function (m) { manifest = m; },
    shard: function (n, terms) { shards[n] = terms; },
    // The postings of a common term beyond those in its shard.
    rest: function (n, postings) { rests[n] = postings; },
    // A chunk of pages' texts: pages first, first + 1, ... (manifest.per in each chunk).
    docs: function (first, list) { list.forEach(function (data, k) { docs[first + k] = data; }); }
  };

  function load(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var s = doc.createElement("script");
        s.src = base + src;
        s.onload = function () { resolve(); };
        s.onerror = function () { delete loading[src]; reject(new Error(src)); };
        doc.head.appendChild(s);
      });
    }
    return loading[src];
  }

  if (!page) return;
  var input = doc.getElementById("soeg-q");
  var form = input.form;
  var status = doc.getElementById("soeg-status");
  var results = doc.getElementById("soeg-resultater");
  var PAGE = 20;
  var current = { text: null, ranked: null, shown: 0, query: null };
  var seq = 0;

  function say(key, vars) {
    var s = page.getAttribute("data-" + key) || "";
    Object.keys(vars || {}).forEach(function (k) { s = s.split("{" + k + "}").join(vars[k]); });
    return s;
  }

  function ready() {
    if (manifest && manifest.keyIndex) return Promise.resolve();
    return load("index.js").then(function () {
      manifest.keyIndex = {};
      manifest.shards.forEach(function (k, i) { manifest.keyIndex[k] = i; });
    });
  }

  function run(text) {
    var my = ++seq;
    var query = parse(text);
    if (!text.trim()) {
      results.textContent = "";
      status.textContent = "";
      removeMore();
      return Promise.resolve();
    }
    if (!query.length) {
      results.textContent = "";
      removeMore();
      status.textContent = say("none", { q: text.trim() });
      return Promise.resolve();
    }
    status.textContent = say("busy");
    return ready().then(function () {
      var need = {};
      query.forEach(function (q) { shardsFor(manifest, q).forEach(function (k) { need[k] = true; }); });
      return Promise.all(Object.keys(need).map(function (k) { return load("i/" + k + ".js"); }));
    }).then(function () {
      if (my !== seq) return;
      current = { text: text.trim(), ranked: null, shown: 0, query: query };
      results.textContent = "";
      return showMore(my);
    }).catch(function () {
      if (my === seq) status.textContent = say("failed");
    });
  }

  // Ranks the query with what is loaded; while the rest of a common word's postings could change
  // the results up to `upto`, loads its next rest file and ranks again.
  function ranked(upto) {
    var r = rank(current.query, manifest, shards, rests);
    if (r.sure(upto)) return Promise.resolve(r);
    return Promise.all(r.missing.map(function (n) { return load("r/" + n + ".js"); })).then(function () {
      return ranked(upto);
    });
  }

  function showMore(my) {
    return ranked(current.shown + PAGE).then(function (r) {
      if (my !== seq) return;
      current.ranked = r;
      return showRanked(my);
    });
  }

  function showRanked(my) {
    var list = current.ranked.list.slice(current.shown, current.shown + PAGE);
    var chunks = {};
    list.forEach(function (r) { chunks[Math.floor(r.doc / (manifest.per || 1))] = true; });
    return Promise.all(Object.keys(chunks).map(function (c) { return load("t/" + c + ".js"); })).then(function () {
      if (my !== seq) return;
      list.forEach(function (r) { results.appendChild(item(r)); });
      current.shown += list.length;
      var found = current.ranked.list.length, total = current.ranked.total;
      var msg = found === 0 ? say("none", { q: current.text })
        : total === null ? say("at-least", { n: found, q: current.text })
        : say(total === 1 ? "one" : "many", { n: total, q: current.text });
      if (current.ranked.partial && total) msg += " " + say("some-words");
      status.textContent = msg;
      removeMore();
      if (current.shown < (total === null ? found + 1 : total)) addMore();
    });
  }

  function item(r) {
    var d = docs[r.doc];
    var li = doc.createElement("li");
    var a = doc.createElement("a");
    a.href = root + d.u + "index.html";
    appendMarked(a, d.t, current.query);
    li.appendChild(a);
    var kind = doc.createElement("span");
    kind.className = "kind";
    kind.textContent = d.k;
    li.appendChild(kind);
    var p = doc.createElement("p");
    p.className = "snippet";
    appendMarked(p, snippet(d.x, current.query), current.query);
    li.appendChild(p);
    return li;
  }

  function removeMore() {
    var b = doc.getElementById("soeg-flere");
    if (b) b.parentNode.removeChild(b);
  }
  function addMore() {
    var b = doc.createElement("button");
    b.type = "button";
    b.id = "soeg-flere";
    b.className = "search-button search-more";
    b.textContent = say("more");
    b.addEventListener("click", function () {
      var first = current.shown;
      showMore(seq).then(function () {
        var links = results.querySelectorAll("a");
        if (links[first]) links[first].focus();
      });
    });
    results.parentNode.insertBefore(b, results.nextSibling);
  }

  // Typing searches as you go; Enter searches and keeps the query in the address.
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 120);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    try {
      global.history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    } catch (err) { /* some browsers refuse this for file:// pages; the search still runs */ }
    run(input.value);
  });

  // Arrow keys move between the input and the results; Escape goes back to the input.
  function links() { return Array.prototype.slice.call(results.querySelectorAll("a")); }
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") {
      var l = links();
      if (l.length) { e.preventDefault(); l[0].focus(); }
    }
  });
  results.addEventListener("keydown", function (e) {
    var l = links(), i = l.indexOf(doc.activeElement);
    if (i < 0) return;
    if (e.key === "ArrowDown" && i + 1 < l.length) { e.preventDefault(); l[i + 1].focus(); }
    else if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? l[i - 1] : input).focus(); }
    else if (e.key === "Escape") { e.preventDefault(); input.focus(); }
  });

  var q = new URLSearchParams(global.location.search).get("q");
  if (q) {
    input.value = q;
    input.focus();
    run(q);
  }
})(typeof window !== "undefined" ? window : this);
