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

  // Large sections are not listed in every page. Their lists come from static/nav/ in groups:
  // the list of groups and the group of the page shown are loaded at once, the others when the
  // reader opens them (scripts, not fetch, so this works from file:// too).
  var navGroups = {}, navPages = {};
  window.BOGBINDER_NAV = {
    groups: function (id, list) { (navGroups[id] || function () {})(list); },
    pages: function (id, g, list) { (navPages[id + g] || function () {})(list); }
  };
  function navScript(src) {
    var s = document.createElement("script");
    s.src = root + "static/nav/" + src;
    document.head.appendChild(s);
  }
  function fillGroup(id, g, details) {
    if (details.getAttribute("data-loaded")) return;
    details.setAttribute("data-loaded", "1");
    navPages[id + g] = function (pages) {
      var ul = document.createElement("ul");
      ul.className = "nav-pages";
      var here = location.pathname;
      pages.forEach(function (p) {
        var a = document.createElement("a");
        a.href = root + p[1] + "index.html";
        a.textContent = p[0];
        if (here.endsWith("/" + p[1] + "index.html") || here.endsWith("/" + p[1])) a.setAttribute("aria-current", "page");
        var item = document.createElement("li");
        item.appendChild(a);
        ul.appendChild(item);
      });
      details.appendChild(ul);
    };
    navScript(id.replace(/\/$/, "") + "/" + g + ".js");
  }
  document.querySelectorAll(".nav-section.open[data-nav-group]").forEach(function (li) {
    var id = li.getAttribute("data-section");
    var open = parseInt(li.getAttribute("data-nav-group"), 10);
    navGroups[id] = function (groups) {
      var ul = document.createElement("ul");
      ul.className = "nav-groups";
      groups.forEach(function (grp, g) {
        var details = document.createElement("details");
        var summary = document.createElement("summary");
        summary.textContent = grp[0] === grp[1] ? grp[0] : grp[0] + " – " + grp[1];
        var count = document.createElement("span");
        count.className = "count";
        count.textContent = " " + grp[2];
        summary.appendChild(count);
        details.appendChild(summary);
        details.addEventListener("toggle", function () { if (details.open) fillGroup(id, g, details); });
        if (g === open) details.open = true;
        var item = document.createElement("li");
        item.appendChild(details);
        ul.appendChild(item);
      });
      li.appendChild(ul);
      if (open >= 0 && ul.children[open]) fillGroup(id, open, ul.children[open].firstChild);
    };
    navScript(id.replace(/\/$/, "") + ".js");
  });

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
