/* Forms (```skema blocks): the print buttons, and a copy of every text answer that prints in
   full (a text field is cut at its edge on paper). Nothing typed is stored or sent: the answers
   live only in the page, and are gone when it is closed. */
(function () {
  if (window.bogbinderSkema) return; // the print view may include the script more than once
  window.bogbinderSkema = true;
  var forms = function () { return document.querySelectorAll("form.skema"); };
  var FIELDS = "textarea, input[type=text], input[type=date]";
  var texts = function (f) { return f.querySelectorAll(FIELDS); };
  // A date prints the Danish way (05-03-2026), never as the browser's empty "mm/dd/yyyy".
  function shown(field) {
    var d = field.type === "date" && /^(\d{4})-(\d\d)-(\d\d)$/.exec(field.value);
    return d ? d[3] + "-" + d[2] + "-" + d[1] : field.value;
  }

  // Each text field gets a block after it holding its answer, shown in print instead.
  function copy(field) {
    var out = field.nextElementSibling;
    if (!out || !out.classList.contains("skema-svar")) {
      out = document.createElement("span");
      out.className = "skema-svar";
      out.setAttribute("aria-hidden", "true");
      field.insertAdjacentElement("afterend", out);
    }
    out.textContent = shown(field);
    field.classList.toggle("skema-har-svar", true);
  }
  function copyAll() { forms().forEach(function (f) { texts(f).forEach(copy); }); }

  // Browsers without `field-sizing: content` grow a text area by script.
  var sizes = window.CSS && CSS.supports && CSS.supports("field-sizing", "content");
  function grow(t) { if (!sizes && t.tagName === "TEXTAREA") { t.style.height = "auto"; t.style.height = t.scrollHeight + 2 + "px"; } }

  forms().forEach(function (f) {
    f.classList.add("skema-med-svar");
    // There is nowhere to send a form: Enter in a text line must not reload the page.
    f.addEventListener("submit", function (e) { e.preventDefault(); });
    f.addEventListener("input", function (e) {
      if (e.target.matches(FIELDS)) { copy(e.target); grow(e.target); }
    });
    texts(f).forEach(copy);
  });
  window.addEventListener("beforeprint", copyAll);

  // Blank: the answers are set aside, the form printed empty, and the answers put back.
  function printBlank() {
    var kept = [];
    forms().forEach(function (f) {
      f.querySelectorAll("input, textarea").forEach(function (el) {
        kept.push([el, el.value, el.checked]);
        if (el.type === "radio" || el.type === "checkbox") el.checked = false; else el.value = "";
      });
    });
    copyAll();
    window.print();
    kept.forEach(function (k) { if (k[0].type === "radio" || k[0].type === "checkbox") k[0].checked = k[2]; else k[0].value = k[1]; });
    copyAll();
  }
  document.querySelectorAll(".skema-udskriv").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { copyAll(); window.print(); });
  });
  document.querySelectorAll(".skema-udskriv-tomt").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", printBlank);
  });
})();
