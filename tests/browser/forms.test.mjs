// The demo's forms (```skema blocks) in headless Chromium: no serious or critical axe violation,
// filled in with the keyboard, printed with the whole answer showing, printed blank with
// "Udskriv tomt skema", and nothing typed is written to the browser's storage or sent anywhere.
// BOGBINDER_OUT names the built handbook (run.sh builds it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { launch } from "./lib/browser.mjs";
import { serve } from "./lib/server.mjs";
import { axeViolations } from "./lib/checks.mjs";

const OUT = path.resolve(process.env.BOGBINDER_OUT || "../../output");
const SHOTS = path.resolve(process.env.BOGBINDER_SHOTS || "screenshots");
const FORMS = ["trivselsskema", "trivselslineal", "robusthedsmatrix", "handleplan-tre-spoergsmaal"];

let server, browser;
before(async () => {
  assert.ok(fs.existsSync(path.join(OUT, "index.html")), `no built handbook in ${OUT}`);
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await serve(OUT, "/");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a form page, failing on script errors; every request after the page's own is kept. */
async function open(name) {
  const page = await browser.context.newPage();
  const errors = [];
  const requests = [];
  page.on("pageerror", (e) => errors.push(`${name}: script error: ${e.message}`));
  await page.goto(`${server.url}redskaber/${name}/index.html`, { waitUntil: "load" });
  page.on("request", (r) => requests.push(`${r.method()} ${r.url()}`));
  // Storage writes are counted in the page itself.
  await page.evaluate(() => {
    window.__writes = 0;
    for (const s of [localStorage, sessionStorage]) {
      const set = s.setItem.bind(s);
      s.setItem = (...a) => { window.__writes++; return set(...a); };
    }
  });
  return { page, errors, requests };
}

test("every form page has no serious or critical axe violation", async () => {
  const found = [];
  for (const name of FORMS) {
    const { page, errors } = await open(name);
    found.push(...errors, ...(await axeViolations(page, name)));
    await page.close();
  }
  assert.deepEqual(found, []);
});

test("a form is filled with the keyboard, printed in full and blank, and nothing is kept or sent", async () => {
  const { page, errors, requests } = await open("trivselsskema");
  assert.ok(await page.locator(".skema-udskriv").isVisible(), "the Udskriv button is shown");
  assert.ok(await page.locator(".skema-udskriv-tomt").isVisible(), "the Udskriv tomt skema button is shown");
  assert.ok(await page.getByText("Det du skriver, gemmes ikke og sendes ikke.").isVisible());

  // A text line by its label, a traffic light by keyboard, a long answer.
  await page.getByLabel("Barnet (kaldenavn eller initialer)").fill("E.");
  const row = page.locator("fieldset", { has: page.locator("legend", { hasText: "Humør og glæde" }) });
  await row.getByLabel("Grøn").focus();
  await page.keyboard.press("ArrowRight");
  assert.ok(await row.getByLabel("Gul").isChecked(), "arrow keys move within a row's radio group");
  const long = Array.from({ length: 60 }, (_, i) => `Linje ${i + 1} om det, vi har set.`).join("\n");
  const answer = page.getByLabel("Næste skridt");
  await answer.fill(long);
  await page.keyboard.press("Enter"); // Enter in the form must not submit it anywhere
  await page.getByLabel("Dato", { exact: true }).fill("2026-03-05");

  // On paper the whole answer shows: its copy holds every line, and is not cut off.
  await page.emulateMedia({ media: "print" });
  const printed = await page.evaluate(() => {
    const t = [...document.querySelectorAll("textarea")].find((x) => x.value.includes("Linje 60"));
    const copy = t.nextElementSibling;
    const style = getComputedStyle(copy);
    return {
      shown: style.display !== "none" && getComputedStyle(t).display === "none",
      text: copy.textContent,
      whole: copy.scrollHeight <= copy.clientHeight + 1 && style.overflow !== "hidden",
      toolbar: getComputedStyle(document.querySelector(".skema-vaerktoej")).display,
      date: document.querySelector("input[type=date]").nextElementSibling.textContent,
      dateField: getComputedStyle(document.querySelector("input[type=date]")).display,
    };
  });
  assert.ok(printed.shown, "the answer's copy replaces the field in print");
  assert.ok(printed.text.includes("Linje 1 om") && printed.text.includes("Linje 60 om"));
  assert.ok(printed.whole, "the printed answer is not cut off");
  assert.equal(printed.toolbar, "none");
  assert.equal(printed.date, "05-03-2026", "a date prints the Danish way");
  assert.equal(printed.dateField, "none");
  await page.pdf({ path: path.join(SHOTS, "skema-udfyldt.pdf") });
  await page.emulateMedia({ media: "screen" });

  // "Udskriv tomt skema" prints it empty and gives the answers back.
  const seenInPrint = await page.evaluate(() => {
    let seen = null;
    window.print = () => {
      seen = {
        name: document.querySelector("input[type=text]").value,
        checked: document.querySelectorAll("form.skema input:checked").length,
        copies: [...document.querySelectorAll(".skema-svar")].map((c) => c.textContent).join(""),
      };
    };
    document.querySelector(".skema-udskriv-tomt").click();
    return seen;
  });
  assert.deepEqual(seenInPrint, { name: "", checked: 0, copies: "" });
  assert.equal(await page.getByLabel("Barnet (kaldenavn eller initialer)").inputValue(), "E.");
  assert.ok(await row.getByLabel("Gul").isChecked());

  assert.equal(await page.evaluate(() => window.__writes), 0, "nothing written to storage");
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
  assert.deepEqual(requests, [], "nothing requested after the page loaded");
  assert.ok(page.url().endsWith("/redskaber/trivselsskema/index.html"), "the page was not submitted");
  assert.equal(await page.locator("form.skema[action]").count(), 0);
  await page.screenshot({ path: path.join(SHOTS, "skema.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test("the fillable PDF is linked and served", async () => {
  const { page } = await open("trivselslineal");
  const href = await page.locator("a.skema-pdf").getAttribute("href");
  const res = await page.request.get(new URL(href, page.url()).href);
  assert.equal(res.status(), 200);
  assert.ok((await res.body()).subarray(0, 5).toString() === "%PDF-");
  await page.close();
});
