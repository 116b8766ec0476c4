// A large section's sidebar in headless Chromium, from file:// (where nothing can be fetched) and
// over HTTP: the list of groups and the page's own group load at once, the page is marked, another
// group loads only when opened, and nothing else of the section is downloaded. No serious axe
// violation. BOGBINDER_BIN names the binary (run.sh sets it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { launch } from "./lib/browser.mjs";
import { serve } from "./lib/server.mjs";
import { axeViolations } from "./lib/checks.mjs";

const BIN = process.env.BOGBINDER_BIN;
const SHOTS = path.resolve(process.env.BOGBINDER_SHOTS || "screenshots");
const PAGES = 450;
let dir, out, server, browser;

before(async () => {
  assert.ok(BIN && fs.existsSync(BIN), `BOGBINDER_BIN must name the bogbinder binary (${BIN})`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "bogbinder-nav-"));
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  write("bogbinder.toml", 'title = "Stor håndbog"\n');
  write("content/_index.md", '+++\ntitle = "Stor håndbog"\n+++\nForside.\n');
  write("content/metoder/_index.md", '+++\ntitle = "Metoder"\n+++\n');
  for (let i = 0; i < PAGES; i++) {
    const n = String(i).padStart(3, "0");
    write(`content/metoder/m${n}.md`, `+++\ntitle = "Metode ${n}"\n+++\nTekst ${n}.\n`);
  }
  const run = spawnSync(BIN, ["build"], { cwd: dir, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  out = path.join(dir, "output");
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await serve(out, "/");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

for (const how of ["file", "http"]) {
  test(`${how}: a large section's sidebar loads the page's group, and another only when opened`, async () => {
    const page = await browser.context.newPage();
    const errors = [], loaded = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => loaded.push(new URL(r.url()).pathname));
    const base = how === "file" ? pathToFileURL(out).href + "/" : server.url;
    await page.goto(base + "metoder/m250/index.html", { waitUntil: "load" });
    const current = page.locator("#sidebar details[open] a[aria-current=page]");
    await current.waitFor({ timeout: 10000 });
    assert.equal((await current.textContent()).trim(), "Metode 250");
    assert.equal(await page.locator("#sidebar .nav-groups > li").count(), 3, "450 pages in 3 groups");
    assert.equal(await page.locator("#sidebar details[open]").count(), 1);
    const nav = () => loaded.filter((p) => p.includes("/static/nav/")).map((p) => p.replace(/.*\/static\/nav\//, ""));
    assert.deepEqual(nav().sort(), ["metoder.js", "metoder/1.js"], "only the groups and the page's own");

    await page.locator("#sidebar details summary").first().click();
    await page.locator("#sidebar details").first().locator("a").first().waitFor();
    assert.equal((await page.locator("#sidebar details").first().locator("a").first().textContent()).trim(), "Metode 000");
    assert.ok(nav().includes("metoder/0.js"), nav().join(", "));
    assert.ok(!nav().includes("metoder/2.js"), "a group not opened is not loaded");
    if (how === "http") {
      const problems = await axeViolations(page, "stor sektion");
      assert.deepEqual(problems, []);
      await page.screenshot({ path: path.join(SHOTS, "stor-sektion-desktop.png"), fullPage: false });
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
}
