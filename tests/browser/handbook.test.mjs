// The demo handbook in a real browser: navigation, Danish search, WCAG 2.1 AA (axe-core), valid
// HTML (Nu Html Checker), over HTTP and from file://, with screenshots for a person to look at.
//
// BOGBINDER_OUT names the built handbook (run.sh builds it). Every failure names the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { serve } from "./lib/server.mjs";
import { launch } from "./lib/browser.mjs";
import { axeViolations, vnuErrors } from "./lib/checks.mjs";

const OUT = path.resolve(process.env.BOGBINDER_OUT || "../../output");
const SHOTS = path.resolve(process.env.BOGBINDER_SHOTS || "screenshots");
const FILE_BASE = pathToFileURL(OUT).href + "/";

/** One page of every type: [name, path in the output]. */
const PAGES = [
  ["forside", "index.html"],
  ["sektion", "metoder/index.html"],
  ["metode", "metoder/boernesamtalen/index.html"],
  ["praksiseksempel", "eksempler/roskilde-barnets-perspektiv/index.html"],
  ["redskab", "redskaber/trivselsskema/index.html"],
  ["kursus", "kurser/ambassadoerkursus/index.html"],
  ["emneliste", "tema/index.html"],
  ["emne", "tema/inddragelse/index.html"],
  ["udskrift", "udskrift/index.html"],
  ["404", "findes/ikke/"],
  ["soegeresultater", "soeg/index.html?q=samtale"],
];

// The 404 page links absolutely to where the site lives (base_url), so serve the site there.
function basePath() {
  const html = fs.readFileSync(path.join(OUT, "404.html"), "utf8");
  const m = html.match(/href="(\/[^"]*)static\/style\.css"/);
  return m ? m[1] : "/";
}

let server, browser, HTTP_BASE;
before(async () => {
  assert.ok(fs.existsSync(path.join(OUT, "index.html")), `no built handbook in ${OUT}`);
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await serve(OUT, basePath());
  HTTP_BASE = server.url;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page and fails on script errors; waits for search results on the search page. */
async function open(url, name) {
  const page = await browser.context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(`${name}: script error: ${e.message}`));
  await page.goto(url, { waitUntil: "load" });
  if (url.includes("soeg/index.html?q=")) {
    await page.waitForSelector("#soeg-resultater li", { timeout: 10000 });
  }
  page.scriptErrors = errors;
  return page;
}

for (const [name, rel] of PAGES) {
  test(`${name}: no serious WCAG 2.1 AA violations (axe), screenshots`, async () => {
    const page = await open(HTTP_BASE + rel, name);
    const problems = [...(await axeViolations(page, name)), ...page.scriptErrors];
    await page.screenshot({ path: path.join(SHOTS, `${name}-desktop.png`), fullPage: false });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-phone.png`), fullPage: false });
    await page.close();
    assert.deepEqual(problems, [], problems.join("\n"));
  });
}

test("every page type is valid HTML (Nu Html Checker)", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bogbinder-vnu-"));
  const files = [];
  for (const [name, rel] of PAGES) {
    if (rel.includes("?")) {
      // The search page as the reader sees it, results included.
      const page = await open(HTTP_BASE + rel, name);
      const file = path.join(tmp, `${name}.html`);
      fs.writeFileSync(file, "<!DOCTYPE html>\n" + (await page.evaluate(() => document.documentElement.outerHTML)));
      await page.close();
      files.push({ name, file });
      files.push({ name: `${name} (uden søgning)`, file: path.join(OUT, rel.split("?")[0]) });
    } else {
      const file = rel.endsWith("/") ? path.join(OUT, "404.html") : path.join(OUT, rel);
      files.push({ name, file });
    }
  }
  const errors = vnuErrors(files);
  fs.rmSync(tmp, { recursive: true, force: true });
  assert.deepEqual(errors, [], errors.join("\n"));
});

async function h1(page) {
  return (await page.textContent("h1")).trim();
}

for (const [how, base] of [["http", () => HTTP_BASE], ["file", () => FILE_BASE]]) {
  test(`${how}: sidebar, previous/next and a backlink lead to the right pages`, async () => {
    const page = await open(base() + "index.html", `forside (${how})`);
    await page.click("#sidebar .nav-sections > li > a >> text=Metoder");
    assert.equal(await h1(page), "Metoder", `${how}: sidebar link to the section`);
    const first = page.locator("#sidebar .nav-pages a").first();
    const firstTitle = (await first.textContent()).trim();
    await first.click();
    assert.equal(await h1(page), firstTitle, `${how}: sidebar link to a page`);
    const nextTitle = (await page.textContent(".prev-next a.next .title")).trim();
    await page.click(".prev-next a.next");
    assert.equal(await h1(page), nextTitle, `${how}: next`);
    await page.click(".prev-next a.prev");
    assert.equal(await h1(page), firstTitle, `${how}: previous`);
    await page.goto(base() + "metoder/boernesamtalen/index.html");
    const back = page.locator(".backlinks a").first();
    const backTitle = (await back.textContent()).trim();
    await back.click();
    assert.equal(await h1(page), backTitle, `${how}: backlink`);
    assert.deepEqual(page.scriptErrors, []);
    await page.close();
  });

  test(`${how}: "/" focuses search; "samtale" finds samtalen/samtaler; arrows and Enter open a result`, async () => {
    const page = await open(base() + "metoder/index.html", `sektion (${how})`);
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement.id), "topsoeg", `${how}: / focuses the box`);
    await page.keyboard.type("samtale");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#soeg-resultater li");
    assert.match(page.url(), /soeg\/index\.html\?q=samtale$/);
    const status = await page.textContent("#soeg-status");
    assert.match(status, /\d+ sider? fundet for »samtale«/, `${how}: status`);
    const marked = await page.$$eval("#soeg-resultater mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
    assert.ok(marked.some((w) => w === "samtalen" || w === "samtaler"), `${how}: other forms marked: ${marked}`);
    // Title matches first: the first result's title has a marked word.
    assert.ok(await page.$("#soeg-resultater li:first-child a mark"), `${how}: first result matches in its title`);

    assert.equal(await page.evaluate(() => document.activeElement.id), "soeg-q");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    const chosen = await page.evaluate(() => document.activeElement.textContent);
    const firstLink = await page.textContent("#soeg-resultater li:first-child a");
    assert.equal(chosen, firstLink, `${how}: arrows move between results`);
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => !u.href.includes("soeg/"));
    assert.equal(await h1(page), firstLink.trim(), `${how}: Enter opens the result`);
    assert.deepEqual(page.scriptErrors, []);
    await page.close();
  });

  test(`${how}: "aa" is read as "å" and "barnets" finds "barn"`, async () => {
    const page = await open(base() + "soeg/index.html?q=raadgiver", `søgning (${how})`);
    const marked = await page.$$eval("#soeg-resultater mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
    assert.ok(marked.some((w) => w.startsWith("rådgiver")), `${how}: raadgiver marks rådgiver: ${marked}`);
    await page.fill("#soeg-q", "barnets");
    await page.press("#soeg-q", "Enter");
    await page.waitForFunction(() => /»barnets«/.test(document.getElementById("soeg-status").textContent));
    const marks2 = await page.$$eval("#soeg-resultater mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
    assert.ok(marks2.includes("barn") || marks2.includes("barnet"), `${how}: barnets finds barn: ${marks2}`);
    await page.close();
  });

  test(`${how}: "netvaerksmoede" typed in the search box finds and opens the netværksmøde page`, async () => {
    const page = await open(base() + "soeg/index.html", `søgning (${how})`);
    await page.fill("#soeg-q", "netvaerksmoede");
    await page.press("#soeg-q", "Enter");
    await page.waitForSelector("#soeg-resultater li");
    const first = (await page.textContent("#soeg-resultater li:first-child a")).trim();
    assert.match(first.toLowerCase(), /netværksmøde/, `${how}: first result ${first}`);
    const marked = await page.$$eval("#soeg-resultater li:first-child mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
    assert.ok(marked.some((w) => w.startsWith("netværksmøde")), `${how}: marks netværksmøde: ${marked}`);
    await page.click("#soeg-resultater li:first-child a");
    await page.waitForURL((u) => !u.href.includes("soeg/"));
    assert.equal(await h1(page), first, `${how}: the result opens the page`);
    assert.deepEqual(page.scriptErrors, []);
    await page.close();
  });
}
