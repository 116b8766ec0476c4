// A child's book in both designs (`laeser = "barn"` and `"ung"` in bog.toml), opened as the HTML
// file the foster family gets, in headless Chromium: the embedded rounded font is used, the type
// is large for a child and calmer for the young, and each chapter has its own colour.
// Screenshots (bog-barn.png, bog-ung.png) land in BOGBINDER_SHOTS.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch } from "./lib/browser.mjs";

const BIN = process.env.BOGBINDER_BIN;
const REPO = path.resolve("../..");
const SHOTS = path.resolve(process.env.BOGBINDER_SHOTS || "screenshots");

let project, browser;

before(async () => {
  assert.ok(BIN && fs.existsSync(BIN), `BOGBINDER_BIN must name the bogbinder binary (${BIN})`);
  project = fs.mkdtempSync(path.join(os.tmpdir(), "bogbinder-design-"));
  for (const part of ["bogbinder.toml", "content", "themes"]) {
    fs.cpSync(path.join(REPO, part), path.join(project, part), { recursive: true });
  }
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

/** Builds the demo book for `reader` and returns what the browser shows of it. */
async function look(reader) {
  const toml = path.join(project, "content/boeger/laerke/bog.toml");
  const text = fs.readFileSync(toml, "utf8").replace(/^laeser = .*\n/m, "");
  fs.writeFileSync(toml, text.replace(/^navn = .*$/m, (l) => `${l}\nlaeser = "${reader}"`));
  const run = spawnSync(BIN, ["book", "laerke"], { cwd: project, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const page = await browser.context.newPage();
  await page.goto("file://" + path.join(project, "boeger-output/laerke/laerke.html"), { waitUntil: "load" });
  await page.evaluate(() => document.fonts.ready);
  const seen = await page.evaluate(() => {
    const body = getComputedStyle(document.body);
    const titles = [...document.querySelectorAll(".kapitel h2")].map((h) => getComputedStyle(h).color);
    return {
      font: body.fontFamily,
      size: parseFloat(body.fontSize),
      hyphens: body.hyphens,
      loaded: document.fonts.check('16px "Ubuntu"') && [...document.fonts].some((f) => f.family.includes("Ubuntu") && f.status === "loaded"),
      colours: new Set(titles).size,
    };
  });
  await page.locator("#alt-om-mig").scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, `bog-${reader}.png`) });
  await page.close();
  return seen;
}

test("the child's design: large rounded type, no hyphenation, a colour per chapter", async () => {
  const barn = await look("barn");
  assert.match(barn.font, /Ubuntu/);
  assert.ok(barn.loaded, "the embedded font is loaded");
  assert.equal(barn.size, 20); // 15pt
  assert.equal(barn.hyphens, "manual");
  assert.ok(barn.colours >= 4, `${barn.colours} chapter colours`);
});

test("the young reader's design: the same font, calmer and smaller", async () => {
  const ung = await look("ung");
  assert.match(ung.font, /Ubuntu/);
  assert.equal(ung.size, 16); // 12pt
  assert.ok(ung.colours >= 2, `${ung.colours} chapter colours`);
});
