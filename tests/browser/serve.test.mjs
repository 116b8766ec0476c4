// `bogbinder serve` in a real browser: an open tab reloads after a save, a broken save shows the
// error overlay over the last good page, fixing it clears the overlay, and a child's book under
// /__boeger/ (on the books' own port) reloads the same way, out of reach of handbook scripts.
// Runs on a copy of the demo project.
//
// BOGBINDER_BIN names the binary (run.sh sets it). Screenshots land in BOGBINDER_SHOTS.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch } from "./lib/browser.mjs";

const BIN = process.env.BOGBINDER_BIN;
const REPO = path.resolve("../..");
const SHOTS = path.resolve(process.env.BOGBINDER_SHOTS || "screenshots");

let project, server, base, books, browser;

/**
 * Starts `bogbinder serve` on a free port in `dir`; resolves when it prints its addresses: the
 * handbook's (`url`) and the books' origin (`books`, with a trailing slash).
 */
function startServe(dir) {
  const child = spawn(BIN, ["serve", "--port", "0"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`serve printed no address: ${out}`)), 60000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/Forhåndsvisning: (http:\/\/127\.0\.0\.1:\d+\/)/);
      const b = out.match(/Bøger \(kun på denne maskine\): (http:\/\/127\.0\.0\.1:\d+\/)__boeger\//);
      if (m && b) {
        clearTimeout(timer);
        resolve({ child, url: m[1], books: b[1] });
      }
    });
    child.on("exit", (code) => reject(new Error(`serve stopped (${code}): ${out}`)));
  });
}

before(async () => {
  assert.ok(BIN && fs.existsSync(BIN), `BOGBINDER_BIN must name the bogbinder binary (${BIN})`);
  project = fs.mkdtempSync(path.join(os.tmpdir(), "bogbinder-serve-"));
  for (const part of ["bogbinder.toml", "content", "themes"]) {
    fs.cpSync(path.join(REPO, part), path.join(project, part), { recursive: true });
  }
  fs.mkdirSync(SHOTS, { recursive: true });
  ({ child: server, url: base, books } = await startServe(project));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

/** Opens a page, collecting script errors: the live script must never throw. */
async function open(url) {
  const page = await browser.context.newPage();
  page.scriptErrors = [];
  page.on("pageerror", (e) => page.scriptErrors.push(e.message));
  await page.goto(url, { waitUntil: "load" });
  // The event stream is open once the live script has run; give it a moment to connect.
  await page.waitForFunction(() => !!document.querySelector("script[data-version]"));
  await page.waitForTimeout(300);
  return page;
}

/** Saves a file of the project and waits for the tab to load the page again. */
async function saveAndWaitForReload(page, rel, text) {
  const reloaded = page.waitForEvent("load", { timeout: 15000 });
  fs.writeFileSync(path.join(project, rel), text);
  await reloaded;
}

test("a saved page reloads the open tab; a broken save shows the overlay; fixing clears it", async () => {
  const rel = "content/metoder/boernesamtalen.md";
  const good = fs.readFileSync(path.join(project, rel), "utf8");
  const page = await open(base + "metoder/boernesamtalen/");

  await saveAndWaitForReload(page, rel, good + "\nEt afsnit skrevet i browsertesten.\n");
  assert.match(await page.textContent("main"), /Et afsnit skrevet i browsertesten\./);

  // A misspelt front-matter key: the overlay names file, line and column; the page stays.
  fs.writeFileSync(path.join(project, rel), good.replace("+++\n", "+++\ntitel = \"stavefejl\"\n"));
  const overlay = page.locator("#bogbinder-fejl");
  await overlay.waitFor({ state: "visible", timeout: 15000 });
  const said = await overlay.textContent();
  assert.match(said, /content\/metoder\/boernesamtalen\.md:2:\d+/);
  assert.match(await page.textContent("main"), /Et afsnit skrevet i browsertesten\./);
  await page.screenshot({ path: path.join(SHOTS, "serve-fejl.png") });

  await saveAndWaitForReload(page, rel, good);
  assert.equal(await page.locator("#bogbinder-fejl").count(), 0);
  assert.doesNotMatch(await page.textContent("main"), /browsertesten/);
  assert.deepEqual(page.scriptErrors, []);
  await page.close();
});

test("a child's book is previewed under /__boeger/ and reloads when a chapter is saved", async () => {
  const rel = "content/boeger/laerke/04-skolen.md";
  const good = fs.readFileSync(path.join(project, rel), "utf8");
  const page = await open(books + "__boeger/laerke/");
  assert.ok((await page.locator("img").count()) > 0, "the book shows its photos");

  await saveAndWaitForReload(page, rel, good + "\nJeg kan bedst lide frikvarteret.\n");
  assert.match(await page.textContent("body"), /Jeg kan bedst lide frikvarteret\./);
  await page.screenshot({ path: path.join(SHOTS, "serve-bog.png") });
  assert.deepEqual(page.scriptErrors, []);
  await page.close();
});

test("a book printed from the browser has page numbers, the cover page none", async () => {
  const page = await open(books + "__boeger/laerke/");
  const pdf = path.join(project, "bog-fra-browseren.pdf");
  await page.pdf({ path: pdf, preferCSSPageSize: true });
  await page.close();
  const { spawnSync } = await import("node:child_process");
  const text = spawnSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
  assert.equal(text.status, 0, `pdftotext: ${text.stderr}`);
  const pages = text.stdout.split("\f").filter((p) => p.trim() !== "");
  assert.ok(pages.length > 3, `only ${pages.length} pages`);
  const lastLine = (p) => p.trim().split("\n").pop().trim();
  assert.notEqual(lastLine(pages[0]), "1", "the cover page has no number");
  for (let n = 2; n <= pages.length; n++) {
    assert.equal(lastLine(pages[n - 1]), String(n), `page ${n} ends with its number`);
  }
});

test("a script in a handbook page cannot read a child's book", async () => {
  // Handbook pages may carry raw HTML from content, scripts included. The books are on another
  // origin (port): a fetch is refused by CORS and by the server, a frame shows nothing.
  const rel = "content/metoder/proeve-script.md";
  const script = `<div id="fundet">venter</div>
<iframe id="ramme" src="${books}__boeger/laerke/" title="forsøg"></iframe>
<script>
const framed = new Promise((done) => {
  document.getElementById("ramme").addEventListener("load", done);
  setTimeout(done, 3000);
});
(async () => {
  const got = [];
  for (const url of ["${books}__boeger/laerke/", "/__boeger/laerke/", "${books}__bogbinder/status"]) {
    try {
      const r = await fetch(url);
      got.push("læst " + r.status + " " + (await r.text()).slice(0, 40));
    } catch (e) {
      got.push("blokeret");
    }
  }
  await framed;
  let frame;
  try { frame = document.getElementById("ramme").contentDocument ? "læst" : "blokeret"; }
  catch (e) { frame = "blokeret"; }
  got.push(frame);
  document.getElementById("fundet").textContent = got.join(",");
})();
</script>
`;
  fs.writeFileSync(path.join(project, rel), `+++\ntitle = "Prøve med script"\n+++\n${script}`);
  const page = await browser.context.newPage();
  const url = base + "metoder/proeve-script/";
  for (let i = 0; i < 50; i++) {
    const r = await page.goto(url, { waitUntil: "load" });
    if (r.status() === 200) break;
    await page.waitForTimeout(100);
  }
  await page.waitForFunction(() => document.getElementById("fundet")?.textContent !== "venter");
  assert.equal(await page.textContent("#fundet"), "blokeret,blokeret,blokeret,blokeret");
  await page.close();
  fs.rmSync(path.join(project, rel));
});

test("fresh browsers load a preview page to the end, every time", async () => {
  // With tiny_http about one fresh load in three never finished (the print stylesheet hung on
  // a connection its task pool never picked up), so each round starts a fresh server too.
  for (let round = 0; round < 6; round++) {
    const { child, url } = await startServe(project);
    const fresh = await launch();
    try {
      const page = await fresh.context.newPage();
      await page.goto(url + "metoder/boernesamtalen/", { waitUntil: "load", timeout: 8000 });
    } finally {
      await fresh.close();
      child.kill();
    }
  }
});
