// bogbinder: small enhancements; every page works without them.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var root = document.body.getAttribute("data-root") || "";

  // Phone: the table of contents folds away behind a menu button.
  var toggle = document.querySelector(".menu-toggle");
  var sidebar = document.getElementById("sidebar");
  if (toggle && sidebar) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = sidebar.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // Large sections are not listed in every page; fill the open one from nav.js.
  var nav = window.BOGBINDER_NAV;
  if (nav) {
    document.querySelectorAll(".nav-section.open").forEach(function (li) {
      if (li.querySelector(".nav-pages")) return;
      var pages = nav[li.getAttribute("data-section")];
      if (!pages || !pages.length) return;
      var ul = document.createElement("ul");
      ul.className = "nav-pages";
      var here = location.pathname;
      pages.forEach(function (p) {
        var a = document.createElement("a");
        a.href = root + p[1] + "index.html";
        a.textContent = p[0];
        if (here.endsWith("/" + p[1] + "index.html")) a.setAttribute("aria-current", "page");
        var item = document.createElement("li");
        item.appendChild(a);
        ul.appendChild(item);
      });
      li.appendChild(ul);
    });
  }

  // "/" jumps to the search box from anywhere but a text field.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var box = document.querySelector("[data-search-input]");
    if (box) {
      e.preventDefault();
      box.focus();
      box.select();
    }
  });

  document.querySelectorAll(".print-button").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
})();
