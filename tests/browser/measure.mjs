// Bytes a reader downloads: node measure.mjs OUTPUT [--page=PATH ...] [QUERY ...]
//   --page=PATH  opens PATH (relative to OUTPUT, e.g. metoder/index.html) and counts the page and
//                everything it loads before the reader does anything (until the network is idle);
//   QUERY        a first search: soeg/index.html?q=QUERY until the results are shown.
// Each runs in a fresh browser profile (empty cache) over HTTP on 127.0.0.1.
import path from "node:path";
import { serve } from "./lib/server.mjs";
import { launch } from "./lib/browser.mjs";

const [out, ...args] = process.argv.slice(2);
const pages = args.filter((a) => a.startsWith("--page=")).map((a) => a.slice("--page=".length));
const queries = args.filter((a) => !a.startsWith("--page="));
const kib = (b) => (b / 1024).toFixed(0);
const sum = (l) => l.reduce((a, [, b]) => a + b, 0);

// Opens a URL in a fresh profile; `ready` waits for what the page must show. Returns [path, bytes]
// of every response.
async function load(url, ready) {
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    const sizes = [];
    page.on("response", async (r) => {
      try { sizes.push([new URL(r.url()).pathname, (await r.body()).length]); } catch { /* redirects */ }
    });
    await page.goto(url);
    if (ready) await ready(page);
    await page.waitForLoadState("networkidle");
    // Lazy scripts (the sidebar's groups) may start after the load event: wait until none comes.
    let n = -1;
    while (n !== sizes.length) {
      n = sizes.length;
      await page.waitForTimeout(300);
    }
    return { sizes, page, browser };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

const server = await serve(path.resolve(out));
try {
  for (const p of pages) {
    const { sizes, browser } = await load(server.url + p);
    const largest = [...sizes].sort((a, b) => b[1] - a[1]).slice(0, 3)
      .map(([f, b]) => `${f.replace(/^\//, "")} ${kib(b)}`).join(", ");
    console.log(`${p}: ${kib(sum(sizes))} KiB in ${sizes.length} files (largest: ${largest})`);
    await browser.close();
  }
  for (const q of queries) {
    const { sizes, page, browser } = await load(
      server.url + "soeg/index.html?q=" + encodeURIComponent(q),
      (pg) => pg.waitForFunction(() => /»/.test(document.getElementById("soeg-status").textContent), null, { timeout: 30000 }),
    );
    const status = await page.textContent("#soeg-status");
    const index = sizes.filter(([p]) => p.includes("/soeg/i/") || p.endsWith("/soeg/index.js"));
    const texts = sizes.filter(([p]) => p.includes("/soeg/t/"));
    console.log(`"${q}": ${kib(sum(sizes))} KiB in ${sizes.length} files ` +
      `(index ${kib(sum(index))} KiB in ${index.length}, snippet texts ${kib(sum(texts))} KiB in ${texts.length}); ${status}`);
    await browser.close();
  }
} finally {
  await server.close();
}
