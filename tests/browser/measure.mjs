// Bytes a reader downloads for a first search: node measure.mjs OUTPUT QUERY...
// Each query runs in a fresh browser profile (empty cache) over HTTP on 127.0.0.1.
import path from "node:path";
import { serve } from "./lib/server.mjs";
import { launch } from "./lib/browser.mjs";

const [out, ...queries] = process.argv.slice(2);
const server = await serve(path.resolve(out));
try {
  for (const q of queries) {
    const browser = await launch();
    const page = await browser.context.newPage();
    const sizes = [];
    page.on("response", async (r) => {
      try { sizes.push([new URL(r.url()).pathname, (await r.body()).length]); } catch { /* redirects */ }
    });
    await page.goto(server.url + "soeg/index.html?q=" + encodeURIComponent(q));
    await page.waitForFunction(() => /»/.test(document.getElementById("soeg-status").textContent), null, { timeout: 30000 });
    await page.waitForLoadState("networkidle");
    const status = await page.textContent("#soeg-status");
    const total = sizes.reduce((a, [, b]) => a + b, 0);
    const index = sizes.filter(([p]) => p.includes("/soeg/i/") || p.endsWith("/soeg/index.js"));
    const texts = sizes.filter(([p]) => p.includes("/soeg/t/"));
    const sum = (l) => l.reduce((a, [, b]) => a + b, 0);
    console.log(`"${q}": ${(total / 1024).toFixed(0)} KiB in ${sizes.length} files ` +
      `(index ${(sum(index) / 1024).toFixed(0)} KiB in ${index.length}, snippet texts ${(sum(texts) / 1024).toFixed(0)} KiB in ${texts.length}); ${status}`);
    await browser.close();
  }
} finally {
  await server.close();
}
