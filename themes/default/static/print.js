/* The print view (udskrift/): page numbers in its table of contents when printed from the browser.
   Browsers print `counter(page)` at the foot of each sheet, but none that people use (Chromium,
   Firefox, Safari) supports `target-counter()`, which would put a heading's page number in the
   contents. So just before printing, this lays the view out as it will be printed (A4, the
   margins of print.css, its `@media print` rules) and works out on which sheet each page of the
   handbook starts: every page starts a new sheet (print.css), so only a page longer than a sheet
   is split, at the edges of its paragraphs, lines and unbreakable boxes, as the browser does.
   The numbers are this estimate of the browser's own page breaks (the same as Chromium's on the
   demo handbook, tests/handbook_pdf.rs), shown only on paper. Read from a folder opened as files,
   the browser hides the style sheets from scripts and the contents print without numbers. The
   handbook's PDF (`bogbinder build --pdf`) has exact ones in any case. */
(function () {
  var MM = 96 / 25.4; // CSS pixels per millimetre
  // print.css: @page { size: A4; margin: 18mm 16mm }.
  var PAGE_WIDTH = (210 - 2 * 16) * MM;
  var PAGE_HEIGHT = (297 - 2 * 18) * MM;
  // What the browser keeps on one sheet if it can (print.css and skema.css: break-inside: avoid).
  var WHOLE = ".boks, figure, table, .workshop, .skema-felt, .skema-trafiklys-raekke, .skema fieldset, tr, img, pre, h1, h2, h3, h4, h5, h6, dt, dd, .facts > div";
  var HEADING = /^H[1-6]$/;

  /* Whether a media query holds on paper: print is, screen is not, widths are the sheet's. */
  function onPaper(mediaText) {
    return mediaText.split(",").some(function (query) {
      return query.trim().split(/\s+and\s+/i).every(function (term) {
        term = term.trim().toLowerCase();
        if (term === "print" || term === "all" || term === "only print") return true;
        if (term === "screen" || term === "only screen" || /^not\b/.test(term)) return false;
        var w = /^\((max|min)-width:\s*([\d.]+)(px|rem|em)\)$/.exec(term);
        if (w) {
          var px = parseFloat(w[2]) * (w[3] === "px" ? 1 : 16);
          return w[1] === "max" ? PAGE_WIDTH <= px : PAGE_WIDTH >= px;
        }
        return window.matchMedia(term).matches;
      });
    });
  }

  /* The rules that hold on paper but not on screen, as one style sheet, with the sheet's width. */
  function paperStyle() {
    var css = ["html { width: " + PAGE_WIDTH + "px !important; }"];
    function walk(rules) {
      for (var i = 0; i < rules.length; i++) {
        var r = rules[i];
        if (r.media && r.cssRules) {
          var onScreen = window.matchMedia(r.media.mediaText).matches;
          if (onPaper(r.media.mediaText) && !onScreen) {
            for (var j = 0; j < r.cssRules.length; j++) css.push(r.cssRules[j].cssText);
          } else if (onPaper(r.media.mediaText)) {
            walk(r.cssRules);
          }
        }
      }
    }
    for (var s = 0; s < document.styleSheets.length; s++) {
      // From a folder opened as files (file://), Chromium hides every style sheet's rules from
      // scripts: without its print rules, the numbers could be wrong, so none are printed.
      try { walk(document.styleSheets[s].cssRules); } catch (e) { return null; }
    }
    var style = document.createElement("style");
    style.textContent = css.join("\n");
    return style;
  }

  function isBlock(el) {
    var d = window.getComputedStyle(el).display;
    return d !== "none" && d !== "contents" && !/^inline/.test(d);
  }

  /* The boxes a sheet can end between, in order: an unbreakable box whole, otherwise the
     innermost block boxes. */
  function units(el, out) {
    var kids = Array.prototype.filter.call(el.children, isBlock);
    if (kids.length === 0 || (el.matches(WHOLE) && el.getBoundingClientRect().height <= PAGE_HEIGHT)) {
      out.push(el);
    } else {
      kids.forEach(function (k) { units(k, out); });
    }
    return out;
  }

  /* How many sheets `el` takes when it starts a sheet. */
  function sheets(el) {
    var top = el.getBoundingClientRect().top;
    var sheetTop = top;
    var count = 1;
    var prev = null;
    units(el, []).forEach(function (u) {
      var box = u.getBoundingClientRect();
      if (box.height === 0) return;
      while (box.bottom - sheetTop > PAGE_HEIGHT + 0.5) {
        var line = parseFloat(window.getComputedStyle(u).lineHeight) || 20;
        var whole = u.matches(WHOLE) || box.height < 2 * line + 1;
        count++;
        if (whole && box.top > sheetTop + 1) {
          // Moved whole to the next sheet, with a heading just before it.
          var start = box.top;
          if (prev && HEADING.test(prev.tagName)) start = Math.min(start, prev.getBoundingClientRect().top);
          sheetTop = start;
        } else {
          // Split at the last whole line that fits.
          var fits = Math.max(line, Math.floor((sheetTop + PAGE_HEIGHT - Math.max(box.top, sheetTop)) / line) * line);
          sheetTop = Math.max(box.top, sheetTop) + fits;
        }
      }
      prev = u;
    });
    return count;
  }

  function number() {
    var toc = document.querySelector(".print-toc");
    if (!toc) return;
    var style = paperStyle();
    var numbers = toc.querySelectorAll(".side-nr");
    if (!style) {
      numbers.forEach(function (nr) { nr.textContent = ""; });
      return;
    }
    document.head.appendChild(style);
    try {
      var sheet = 1; // the cover
      sheet += sheets(document.querySelector(".print-cover"));
      var contentsStart = sheet;
      // The contents' own length, with room for its numbers (print.css keeps it the same).
      sheet = contentsStart + sheets(toc);
      document.querySelectorAll(".print-page").forEach(function (page) {
        var link = toc.querySelector('a[href="#' + page.id + '"]');
        var nr = link && link.parentElement.querySelector(".side-nr");
        if (nr) nr.textContent = String(sheet);
        sheet += sheets(page);
      });
    } finally {
      style.remove();
    }
  }

  window.addEventListener("beforeprint", number);
  // Numbered once loaded too (images have their sizes then): a print that starts without a
  // `beforeprint` event, as a headless browser's may, has its numbers all the same.
  if (document.readyState === "complete") number();
  else window.addEventListener("load", number);
})();
