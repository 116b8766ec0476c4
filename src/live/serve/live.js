// bogbinder live preview: reloads the page when it changes and shows build problems on top.
// A book's page (/__boeger/<name>/) cares only about that book's problems, a handbook page only
// about the handbook's, and the book list about all books'.
(function () {
  var me = document.currentScript;
  var version = Number(me.getAttribute("data-version"));
  var path = location.pathname;
  try { path = decodeURIComponent(path); } catch (e) { /* keep it as it is */ }
  path = path.replace(/^\//, "");
  if (path === "" || path.slice(-1) === "/") path += "index.html";
  var inBook = /^__boeger\/([^\/]+)\//.exec(path);
  var book = path === "__boeger/index.html" ? "*" : inBook ? inBook[1] : null;
  var box = null;

  function mine(p) {
    var of = p.book === undefined ? null : p.book;
    return book === "*" ? of !== null : of === book;
  }

  function text(tag, cls, s) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    el.textContent = s;
    return el;
  }

  function show(problems) {
    if (box) { box.remove(); box = null; }
    if (!problems.length) return;
    box = document.createElement("div");
    box.id = "bogbinder-fejl";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", "bogbinder-fejl-titel");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.55);" +
      "display:flex;align-items:flex-start;justify-content:center;padding:4vh 1rem;overflow:auto;" +
      "font:16px/1.5 system-ui,sans-serif";
    var card = document.createElement("div");
    card.style.cssText = "background:#fff;color:#1a1a1a;max-width:52rem;width:100%;border-radius:8px;" +
      "border-top:8px solid #b00020;padding:1.5rem 2rem;box-shadow:0 10px 40px rgba(0,0,0,.4)";
    var h = text("h2", "", book === null ? "Håndbogen kan ikke bygges lige nu" :
      book === "*" ? "En bog kan ikke bygges lige nu" : "Bogen kan ikke bygges lige nu");
    h.id = "bogbinder-fejl-titel";
    h.style.cssText = "margin:0 0 .5rem;font-size:1.4rem;color:#b00020";
    card.appendChild(h);
    card.appendChild(text("p", "", "Du ser den sidste udgave, der virkede. Ret " +
      (problems.length === 1 ? "fejlen" : "de " + problems.length + " fejl") +
      " herunder og gem filen, så forsvinder denne besked."));
    var list = document.createElement("ol");
    list.style.cssText = "padding-left:1.2rem";
    problems.forEach(function (p) {
      var li = document.createElement("li");
      li.style.cssText = "margin:.8rem 0";
      var where = text("code", "", p.location);
      where.style.cssText = "display:block;font-weight:bold;background:#f3f3f3;padding:.2rem .4rem;border-radius:4px";
      li.appendChild(where);
      li.appendChild(text("div", "", p.message));
      if (p.hint) {
        var hint = text("div", "", "→ " + p.hint);
        hint.style.cssText = "color:#444";
        li.appendChild(hint);
      }
      list.appendChild(li);
    });
    card.appendChild(list);
    box.appendChild(card);
    document.body.appendChild(box);
  }

  var events = new EventSource("/__bogbinder/events");
  events.addEventListener("update", function (e) {
    var s = JSON.parse(e.data);
    var problems = s.problems.filter(mine);
    show(problems);
    if (problems.length || s.version <= version) return;
    var reload = s.changed === null || s.version > version + 1 || s.changed.indexOf(path) >= 0 ||
      document.documentElement.hasAttribute("data-bogbinder-placeholder");
    if (reload) location.reload();
    else version = s.version;
  });
})();
