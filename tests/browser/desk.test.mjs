// The editing desk (`bogbinder serve`'s /__skriv/) in a real browser, through the real server on
// a copy of the demo project: axe and the Nu Html Checker on its views, a method made from the
// form with a reference and a box (in the preview and on disk as front matter `check` accepts),
// a date and curly quotes stored as typed, a conflict with an edit on disk, a restore from the
// history, a draft that survives a reload, and a photo whose metadata never reaches the disk.
//
// BOGBINDER_BIN names the binary (run.sh sets it). Screenshots land in BOGBINDER_SHOTS.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch } from "./lib/browser.mjs";
import { axeViolations, vnuErrors } from "./lib/checks.mjs";
import { jpegWithGpsAndOrientation, jpegSize, jpegMarkers } from "./lib/jpeg.mjs";

const BIN = process.env.BOGBINDER_BIN;
const REPO = path.resolve("../..");
const SHOTS = path.resolve(process.env.BOGBINDER_SHOTS || "screenshots");

let project, server, desk, deskBase, browser;

/** Starts `bogbinder serve --no-open` in `dir`; resolves with the desk's printed address. */
function startServe(dir) {
  const child = spawn(BIN, ["serve", "--port", "0", "--no-open"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`serve printed no desk address: ${out}`)), 60000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/Skrivebord: (http:\/\/127\.0\.0\.1:\d+\/__skriv\/\?token=[0-9a-f]+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, desk: m[1] });
      }
    });
    child.stderr.on("data", (d) => { out += d; });
    child.on("exit", (code) => reject(new Error(`serve stopped (${code}): ${out}`)));
  });
}

before(async () => {
  assert.ok(BIN && fs.existsSync(BIN), `BOGBINDER_BIN must name the bogbinder binary (${BIN})`);
  project = fs.mkdtempSync(path.join(os.tmpdir(), "bogbinder-desk-"));
  for (const part of ["bogbinder.toml", "content", "themes"]) {
    fs.cpSync(path.join(REPO, part), path.join(project, part), { recursive: true });
  }
  fs.mkdirSync(SHOTS, { recursive: true });
  ({ child: server, desk } = await startServe(project));
  deskBase = desk.replace(/\?token=.*$/, "");
  browser = await launch();
  // The printed address once: the token becomes the session cookie of this browser.
  const page = await browser.context.newPage();
  await page.goto(desk);
  assert.equal(page.url(), deskBase, "the token leaves the address bar");
  await page.close();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

const file = (id) => path.join(project, "content", id);
const read = (id) => fs.readFileSync(file(id), "utf8");

/** A desk tab; script errors are collected (the desk must never throw), dialogs accepted and
 * recorded (the unsaved-changes warning is one). */
async function openDesk(hash = "") {
  const page = await browser.context.newPage();
  page.scriptErrors = [];
  page.dialogs = [];
  page.on("pageerror", (e) => page.scriptErrors.push(e.message));
  page.on("dialog", (d) => { page.dialogs.push(d.type()); d.accept(); });
  await page.goto(deskBase + hash);
  await page.waitForSelector("#sideliste a");
  if (hash.startsWith("#side=")) await page.waitForSelector("#tekst");
  return page;
}

const status = (page) => page.textContent("#status");

async function waitForStatus(page, pattern) {
  await page.waitForFunction((src) => new RegExp(src).test(document.getElementById("status").textContent),
    pattern.source, { timeout: 20000 });
}

/** Waits until the preview frame shows `text`. */
async function previewShows(page, text) {
  await page.frameLocator("#forhaandsvisning").getByText(text, { exact: false }).first().waitFor({ timeout: 20000 });
}

/** Types `text` at the end of the body. */
async function typeAtEnd(page, text) {
  await page.locator("#tekst").focus();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(text);
}

async function saveWithKeys(page) {
  await page.keyboard.press("Control+s");
  await waitForStatus(page, /Gemt kl\./);
}

function check() {
  return spawnSync(BIN, ["check"], { cwd: project, encoding: "utf8" });
}

test("the desk passes axe and the Nu Html Checker, speaks Danish, and looks calm at both widths", async () => {
  const views = [
    ["skrivebord", ""],
    ["skrivebord-side", "#side=metoder%2Fboernesamtalen.md"],
    ["skrivebord-bog", "#bog=laerke"],
    ["skrivebord-kapitel", "#side=boeger%2Flaerke%2F02-mit-helbred.md"],
  ];
  const problems = [];
  const files = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bogbinder-desk-html-"));
  for (const [name, hash] of views) {
    const page = await openDesk(hash);
    if (hash.includes("boernesamtalen")) await previewShows(page, "Forberedelse");
    if (hash.includes("boeger")) await page.waitForSelector("#kapitel-hjaelp li");
    if (hash.startsWith("#bog=")) await page.waitForSelector(".kapitler li");
    assert.equal(await page.getAttribute("html", "lang"), "da");
    // The page as the script made it, before axe adds its own script to it.
    const html = path.join(tmp, `${name}.html`);
    fs.writeFileSync(html, await page.content());
    files.push({ name, file: html });
    problems.push(...await axeViolations(page, name));
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-mobil.png`), fullPage: true });
    assert.deepEqual(page.scriptErrors, [], name);
    await page.close();
  }
  problems.push(...vnuErrors(files));
  fs.rmSync(tmp, { recursive: true, force: true });
  assert.deepEqual(problems, []);
});

test("a method made from the form with a reference and a box shows in the preview and is valid front matter on disk", async () => {
  const page = await openDesk();
  // "Ny side" by keyboard alone: the dialog takes the kind and the title.
  await page.focus("#ny-side");
  await page.keyboard.press("Enter");
  await page.selectOption("#ny-side-type", "metode");
  await page.focus("#ny-side-navn");
  await page.keyboard.type("Samtaler med søskende");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#tekst");
  const id = decodeURIComponent(new URL(page.url()).hash.replace(/^#side=/, ""));
  assert.match(id, /^metoder\/.+\.md$/, `the new page's id: ${id}`);
  assert.ok(fs.existsSync(file(id)), "the new page is on disk at once");

  await page.getByLabel("Resumé").fill("Sådan taler I med et barns søskende.");
  // A reference from the page picker, stored as @/….
  await page.getByRole("button", { name: /Vælg side … \(Redskaber\)/ }).click();
  await page.locator("#vaelg-side-soeg").fill("trivselsskema");
  await page.keyboard.press("Enter");
  await page.waitForSelector("text=@/redskaber/trivselsskema.md");
  // A box from the toolbar, then its words.
  await page.locator("#tekst").fill("## Kort om metoden\n\nTal med søskende hver for sig.\n");
  await page.keyboard.press("Control+End");
  await page.getByRole("toolbar").getByRole("button", { name: "Gode råd" }).click();
  await page.keyboard.type("Lyt mere, end du taler.");
  // A link from the link picker (Ctrl+K): a page chosen by searching, written as @/….
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\n\nBrug ");
  await page.keyboard.press("Control+k");
  await page.locator("#vaelg-side-soeg").waitFor();
  await page.keyboard.type("robusthed");
  await page.fill("#vaelg-side-tekst", "matricen");
  await page.focus("#vaelg-side-soeg");
  await page.keyboard.press("Enter");
  await page.keyboard.type(" bagefter.");
  await previewShows(page, "Lyt mere, end du taler.");
  await page.frameLocator("#forhaandsvisning").getByRole("link", { name: "matricen" }).waitFor({ timeout: 20000 });
  assert.equal(await page.frameLocator("#forhaandsvisning").locator("[class*=gode-raad]").count() > 0, true,
    "the preview shows the box as a box");
  await saveWithKeys(page);
  await page.screenshot({ path: path.join(SHOTS, "skrivebord-ny-metode.png"), fullPage: true });

  const text = read(id);
  assert.match(text, /^redskaber = \["@\/redskaber\/trivselsskema\.md"\]$/m);
  assert.match(text, /^description = "Sådan taler I med et barns søskende\."$/m);
  assert.match(text, /\n> \[!GODE RÅD\]\n> Lyt mere, end du taler\./);
  assert.match(text, /\nBrug \[matricen\]\(@\/redskaber\/robusthedsmatrix\.md\) bagefter\./);
  const run = check();
  assert.equal(run.status, 0, `check: ${run.stderr}`);
  assert.doesNotMatch(run.stderr, new RegExp(id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")), "check says nothing about the page");
  assert.deepEqual(page.scriptErrors, []);
  await page.close();
});

test("with editions: a course keeps its workshops, a page gets its editions, a box for one edition and a form come from the toolbar", async () => {
  const course = "kurser/ambassadoerkursus.md";
  const before = read(course);
  let page = await openDesk(`#side=${encodeURIComponent(course)}`);
  // The workshops' day, time, place and trainers are fields of the form, and a save keeps them.
  const first = page.getByRole("group", { name: "Workshop 1", exact: true });
  assert.equal(await first.getByLabel("Dato", { exact: true }).inputValue(), "2026-02-03");
  assert.equal(await first.getByLabel("Sted", { exact: true }).inputValue(), "Rådhuset, mødelokale 2");
  assert.equal(await first.getByRole("group", { name: "Undervisere" }).locator("input").first().inputValue(), "Mette Holm");
  await first.getByLabel("Sted", { exact: true }).fill("Rådhuset, mødelokale 3");
  await saveWithKeys(page);
  const saved = read(course);
  assert.match(saved, /^sted = "Rådhuset, mødelokale 3"$/m);
  for (const kept of before.match(/^(dato|tid|undervisere) = .*$/gm)) assert.ok(saved.includes(kept), `kept: ${kept}`);
  await page.close();

  // A tool no other page links to, limited to the staff's edition by a check box.
  const id = "redskaber/trivselslineal.md";
  page = await openDesk(`#side=${encodeURIComponent(id)}`);
  const editions = page.getByRole("group", { name: "Kun i udgaverne" });
  assert.deepEqual(await editions.getByRole("checkbox").evaluateAll((b) => b.map((x) => x.labels[0].textContent)), ["intern", "forældre"]);
  await editions.getByLabel("intern").check();
  // A box for one edition from the box dialog: the editions are suggested.
  await page.locator("#tekst").focus();
  await page.keyboard.press("Control+End");
  await page.getByRole("toolbar").getByRole("button", { name: "Boks …" }).click();
  await page.selectOption("#boks-type", "KUN");
  assert.equal(await page.inputValue("#boks-overskrift"), "intern, forældre");
  await page.fill("#boks-overskrift", "intern");
  await page.keyboard.press("Enter");
  await page.keyboard.type("Kun for personalet.");
  // A form (```skema) from the toolbar: the preview shows it as a form.
  await page.keyboard.press("Control+End");
  await page.getByRole("toolbar").getByRole("button", { name: "Skema …" }).click();
  await page.frameLocator("#forhaandsvisning").locator("form input").first().waitFor({ timeout: 20000 });
  await previewShows(page, "Kun for personalet.");
  await saveWithKeys(page);
  await page.screenshot({ path: path.join(SHOTS, "skrivebord-udgaver.png"), fullPage: true });

  const text = read(id);
  assert.match(text, /^udgaver = \["intern"\]$/m);
  assert.match(text, /\n> \[!KUN: intern\]\n> Kun for personalet\./);
  assert.match(text, /\n```skema\ntekst: /);
  const run = check();
  assert.equal(run.status, 0, `check: ${run.stderr}`);
  assert.deepEqual(page.scriptErrors, []);
  await page.close();
});

test("a problem in the text is listed with its line, marked in the text area, and jumped to", async () => {
  const id = "redskaber/trivselsskema.md";
  const page = await openDesk(`#side=${encodeURIComponent(id)}`);
  const body = "Første linje.\n\nSe [en side, der ikke findes](@/metoder/findes-ikke.md).\n\nSidste linje.\n";
  await page.locator("#tekst").fill(body);
  const item = page.locator("#problemliste li button", { hasText: "Linje 3" });
  await item.waitFor({ timeout: 20000 });
  assert.match(await item.textContent(), /Fejl \[[A-Z]\d+\]: Linje 3: /);
  assert.equal(await page.locator('#spejl mark[data-linje="3"]').count(), 1, "line 3 is marked in the text area");
  await page.locator("#tekst").focus();
  await page.keyboard.press("Control+Home");
  await item.click();
  const selected = await page.evaluate(() => {
    const ta = document.getElementById("tekst");
    return [document.activeElement === ta, ta.value.slice(ta.selectionStart, ta.selectionEnd)];
  });
  assert.deepEqual(selected, [true, "Se [en side, der ikke findes](@/metoder/findes-ikke.md)."]);
  await page.screenshot({ path: path.join(SHOTS, "skrivebord-problem.png"), fullPage: false });
  assert.deepEqual(page.scriptErrors, []);
  await page.close();
});

test("a date and a title with curly quotes are stored as typed, in proper TOML", async () => {
  const id = "redskaber/handleplan-tre-spoergsmaal.md";
  const page = await openDesk(`#side=${encodeURIComponent(id)}`);
  await page.locator("#felter").getByLabel("Titel", { exact: true }).fill("");
  await page.locator("#felter").getByLabel("Titel", { exact: true }).focus();
  await page.keyboard.type("Når barnet siger “nej”");
  await page.locator("input[type=date]").first().fill("2026-02-03");
  await saveWithKeys(page);
  const text = read(id);
  assert.match(text, /^title = "Når barnet siger “nej”"$/m);
  assert.match(text, /^updated = 2026-02-03$/m);
  const run = check();
  assert.equal(run.status, 0, `check: ${run.stderr}`);
  assert.doesNotMatch(run.stderr, /[CPB]07\d/, "no quote or date mistake");
  // Read back into the form as typed.
  await page.reload();
  await page.waitForSelector("#tekst");
  assert.equal(await page.locator("#felter").getByLabel("Titel", { exact: true }).inputValue(), "Når barnet siger “nej”");
  assert.equal(await page.locator("input[type=date]").first().inputValue(), "2026-02-03");
  assert.deepEqual(page.scriptErrors, []);
  await page.close();
});

test("a file changed on disk while it is edited is never overwritten: both versions are shown", async () => {
  const id = "redskaber/telefonopfoelgning.md";
  const page = await openDesk(`#side=${encodeURIComponent(id)}`);
  await typeAtEnd(page, "\nMin tilføjelse fra skrivebordet.\n");
  const theirs = read(id).replace(/\n*$/, "\n\nEn anden editors tilføjelse.\n");
  fs.writeFileSync(file(id), theirs);
  await page.keyboard.press("Control+s");
  await page.waitForSelector("#konflikt:not([hidden])");
  assert.equal(read(id), theirs, "the disk's version is untouched");
  const sides = page.locator("#konflikt textarea");
  assert.match(await sides.nth(0).inputValue(), /Min tilføjelse fra skrivebordet\./);
  assert.match(await sides.nth(1).inputValue(), /En anden editors tilføjelse\./);
  await page.screenshot({ path: path.join(SHOTS, "skrivebord-konflikt.png"), fullPage: true });
  problemsFree(await axeViolations(page, "konflikt"));

  await page.getByRole("button", { name: "Gem min udgave over den på disken" }).click();
  await waitForStatus(page, /Gemt kl\./);
  assert.match(read(id), /Min tilføjelse fra skrivebordet\./);
  assert.doesNotMatch(read(id), /En anden editors tilføjelse/);
  // The other editor's words are not lost: they are in the history.
  await page.getByRole("button", { name: "Historik" }).click();
  await page.waitForSelector("#historik li");
  let found = false;
  for (const show of await page.locator("#historik li button", { hasText: "Vis" }).all()) {
    await show.click();
    if (/En anden editors tilføjelse\./.test(await page.locator(".vist-udgave textarea").inputValue())) found = true;
  }
  assert.ok(found, "the replaced version is in the history");
  assert.deepEqual(page.scriptErrors, []);
  await page.close();
});

function problemsFree(lines) {
  assert.deepEqual(lines, []);
}

test("an earlier version is restored from the history", async () => {
  const id = "redskaber/invitationsbrev-til-barn.md";
  const page = await openDesk(`#side=${encodeURIComponent(id)}`);
  await typeAtEnd(page, "\nFørste udgave af afsnittet.\n");
  await saveWithKeys(page);
  const first = read(id);
  await page.locator("#tekst").fill((await page.locator("#tekst").inputValue()).replace("Første udgave af afsnittet.", "Anden udgave."));
  await page.keyboard.press("Control+s");
  await page.waitForFunction(() => document.getElementById("gemt-tilstand").dataset.dirty === "nej");
  assert.match(read(id), /Anden udgave\./);

  await page.getByRole("button", { name: "Historik" }).click();
  await page.waitForSelector("#historik li");
  const entries = await page.locator("#historik li").all();
  let restored = false;
  for (const entry of entries) {
    await entry.getByRole("button", { name: /^Vis/ }).click();
    if ((await page.locator(".vist-udgave textarea").inputValue()).includes("Første udgave af afsnittet.")) {
      await entry.getByRole("button", { name: /^Gendan/ }).click();
      restored = true;
      break;
    }
  }
  assert.ok(restored, "the first saved version is in the history");
  await waitForStatus(page, /gendannet/);
  assert.equal(read(id), first);
  assert.match(await page.locator("#tekst").inputValue(), /Første udgave af afsnittet\./);
  assert.deepEqual(page.scriptErrors, []);
  await page.close();
});

test("a draft survives a reload, kept by the server, not in the browser", async () => {
  const id = "redskaber/robusthedsmatrix.md";
  const before = read(id);
  const page = await openDesk(`#side=${encodeURIComponent(id)}`);
  await typeAtEnd(page, "\nEt udkast, der ikke må gå tabt.\n");
  await page.waitForFunction(() => /Kladden er gemt/.test(document.getElementById("gemt-tilstand").textContent), null, { timeout: 15000 });
  assert.equal(read(id), before, "a draft is not a save");
  assert.deepEqual(await page.evaluate(() => [localStorage.length, sessionStorage.length]), [0, 0]);

  await page.reload();
  assert.ok(page.dialogs.includes("beforeunload"), "leaving with unsaved changes warns");
  await page.waitForSelector("#brug-kladde");
  await page.click("#brug-kladde");
  assert.match(await page.locator("#tekst").inputValue(), /Et udkast, der ikke må gå tabt\./);
  await saveWithKeys(page);
  assert.match(read(id), /Et udkast, der ikke må gå tabt\./);
  // Saved: no draft is offered any more.
  await page.reload();
  await page.waitForSelector("#tekst");
  await page.waitForTimeout(300);
  assert.equal(await page.locator("#brug-kladde").count(), 0);
  assert.deepEqual(page.scriptErrors, []);
  await page.close();
});

test("a photo with a GPS position and an orientation flag is stored upright and without metadata", async () => {
  const id = "boeger/laerke/04-skolen.md";
  const folder = path.join(project, "content/boeger/laerke/billeder");
  const had = new Set(fs.existsSync(folder) ? fs.readdirSync(folder) : []);
  const page = await openDesk(`#side=${encodeURIComponent(id)}`);
  await page.waitForSelector("#foto-fil", { state: "attached" });
  const photo = jpegWithGpsAndOrientation(await canvasJpeg(page, 40, 20));
  assert.ok(photo.includes(Buffer.from("Exif\0\0")), "the test photo carries EXIF");
  await page.locator("#tekst").focus();
  await page.keyboard.press("Control+End");
  await page.locator("#foto-fil").setInputFiles({ name: "Første dag på stranden.jpg", mimeType: "image/jpeg", buffer: photo });
  await waitForStatus(page, /tilføjet/);
  const added = fs.readdirSync(folder).filter((f) => !had.has(f));
  assert.equal(added.length, 1, `one new photo: ${added}`);
  assert.match(await page.locator("#tekst").inputValue(), /!\[[^\]]*\]\(<?billeder\/[^)]+\)/, "the photo's Markdown is in the text");
  const stored = fs.readFileSync(path.join(folder, added[0]));
  assert.ok(!stored.includes(Buffer.from("Exif")), "no EXIF in the stored photo");
  const metadata = jpegMarkers(stored).filter((m) => (m >= 0xe1 && m <= 0xef) || m === 0xfe);
  assert.deepEqual(metadata, [], "no APP1–APP15 or comment segment (EXIF, XMP, ICC, IPTC) in the stored photo");
  assert.deepEqual(jpegSize(stored), { width: 20, height: 40 }, "turned upright by its orientation flag");
  // The chapter's preview shows the book's photos (the new one included), from the desk.
  await page.waitForFunction((n) => {
    const d = document.getElementById("forhaandsvisning").contentDocument;
    return d && [...d.images].filter((i) => i.complete && i.naturalWidth > 0).length >= n;
  }, 2, { timeout: 20000 });
  await page.screenshot({ path: path.join(SHOTS, "skrivebord-kapitel.png"), fullPage: true });
  assert.deepEqual(page.scriptErrors, []);
  await page.close();
});

/** A small JPEG drawn by the browser itself (no image library needed in the test). */
async function canvasJpeg(page, width, height) {
  const url = await page.evaluate(([w, h]) => {
    const c = document.createElement("canvas");
    c.width = w;
    c.height = h;
    const g = c.getContext("2d");
    g.fillStyle = "#c33";
    g.fillRect(0, 0, w / 2, h);
    g.fillStyle = "#36c";
    g.fillRect(w / 2, 0, w / 2, h);
    return c.toDataURL("image/jpeg", 0.9);
  }, [width, height]);
  return Buffer.from(url.split(",")[1], "base64");
}

test("a project with sprog = \"en\" gets the desk in English", async () => {
  const english = fs.mkdtempSync(path.join(os.tmpdir(), "bogbinder-desk-en-"));
  for (const part of ["bogbinder.toml", "content", "themes"]) {
    fs.cpSync(path.join(REPO, part), path.join(english, part), { recursive: true });
  }
  const config = path.join(english, "bogbinder.toml");
  fs.writeFileSync(config, fs.readFileSync(config, "utf8").replace(/^sprog = "da"$/m, 'sprog = "en"'));
  const { child, desk: address } = await startServe(english);
  // A browser of its own: cookies do not tell ports apart, and the other server's session must stay.
  const other = await launch();
  const page = await other.context.newPage();
  try {
    await page.goto(address);
    await page.waitForSelector("#sideliste a");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    assert.equal(await page.textContent("#ny-side"), "New page");
    await page.goto(address.replace(/\?token=.*$/, "") + "#side=metoder%2Fboernesamtalen.md");
    await page.waitForSelector("#tekst");
    assert.ok(await page.getByRole("button", { name: "Save" }).isVisible());
    assert.ok(await page.getByRole("toolbar").getByRole("button", { name: "Good advice" }).isVisible());
  } finally {
    await other.close();
    child.kill();
    fs.rmSync(english, { recursive: true, force: true });
  }
});

test("a book: chapters with their questions, order by keyboard, settings saved, the PDF as a download", async () => {
  const page = await openDesk("#bog=laerke");
  await page.waitForSelector(".kapitler li");
  const titles = async () => page.locator(".kapitler > li h3 a").allTextContents();
  const before = await titles();
  assert.ok(before.length > 2, `chapters: ${before}`);
  assert.ok(await page.locator(".kapitler .spoergsmaal li").count() > 0, "the guiding questions are shown");

  // Move the first chapter down by keyboard: focus stays on the moved chapter's button.
  await page.locator(".kapitler > li").first().getByRole("button", { name: /^Flyt ned/ }).focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction((first) => document.querySelectorAll(".kapitler > li h3 a")[1]?.textContent === first, before[0]);
  const after = await titles();
  assert.deepEqual(after.slice(0, 2), [before[1], before[0]]);
  assert.match(await page.evaluate(() => document.activeElement.getAttribute("aria-label") || ""), new RegExp(before[0]));
  const files = fs.readdirSync(path.join(project, "content/boeger/laerke")).filter((f) => /^\d+-.*\.md$/.test(f)).sort();
  assert.ok(files.length >= before.length, `chapter files: ${files}`);

  // A setting saved from the form lands in bog.toml.
  await page.getByLabel("Undertitel").fill("Min egen bog");
  await page.getByRole("button", { name: "Gem indstillinger" }).click();
  await waitForStatus(page, /Indstillingerne er gemt/);
  assert.match(fs.readFileSync(path.join(project, "content/boeger/laerke/bog.toml"), "utf8"), /undertitel = "Min egen bog"/);

  // A photo dropped on the chapter's text is uploaded and its Markdown put where it was dropped.
  await page.goto(deskBase + "#side=" + encodeURIComponent("boeger/laerke/03-de-vigtigste-mennesker.md"));
  await page.waitForSelector("#tekst");
  const jpeg = (await canvasJpeg(page, 30, 30)).toString("base64");
  await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const drop = new DataTransfer();
    drop.items.add(new File([bytes], "Mormor & morfar.jpg", { type: "image/jpeg" }));
    document.getElementById("tekst").dispatchEvent(new DragEvent("drop", { dataTransfer: drop, bubbles: true, cancelable: true }));
  }, jpeg);
  await waitForStatus(page, /tilføjet/);
  const dropped = /!\[[^\]]*\]\(<?billeder\/(Mormor[^)>]*\.jpg)>?\)/.exec(await page.locator("#tekst").inputValue());
  assert.ok(dropped, "the dropped photo's Markdown is in the text");
  assert.ok(fs.existsSync(path.join(project, "content/boeger/laerke/billeder", dropped[1])), `stored as ${dropped[1]}`);

  // "Ny bog": a new book opens with its chapters.
  await page.click("#ny-bog");
  await page.locator("#ny-bog-navn").fill("Søren Åge");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => location.hash.startsWith("#bog="));
  await page.waitForSelector(".kapitler li");
  assert.equal(await page.textContent("main h1"), "Søren Åge");
  await page.goto(deskBase + "#bog=laerke");
  await page.waitForSelector(".kapitler li");

  // "Hent PDF" hands a PDF to the browser as a download.
  const download = page.waitForEvent("download", { timeout: 120000 });
  await page.click("#hent-pdf");
  const got = await download;
  const saved = path.join(project, "hentet.pdf");
  await got.saveAs(saved);
  assert.equal(fs.readFileSync(saved).subarray(0, 5).toString("latin1"), "%PDF-");
  await page.screenshot({ path: path.join(SHOTS, "skrivebord-bog-efter.png"), fullPage: true });
  assert.deepEqual(page.scriptErrors, []);
  await page.close();
});
