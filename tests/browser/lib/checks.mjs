// The accessibility (axe-core) and HTML (Nu Html Checker) checks, with failures that name the
// page and the rule.
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import fs from "node:fs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const VNU_JAR = require("vnu-jar");

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Serious and critical WCAG 2.1 A/AA violations on the page, as readable lines. */
export async function axeViolations(page, name) {
  try {
    await page.addScriptTag({ content: AXE_SOURCE });
  } catch (e) {
    // A page whose Content-Security-Policy forbids inline scripts (the editing desk): run axe
    // through the DevTools protocol instead, which the policy does not govern.
    await page.evaluate(AXE_SOURCE);
  }
  const result = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " — " + n.failureSummary.split("\n").slice(1).join(" ")),
    }));
  }, WCAG_TAGS);
  return result
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${name}: axe ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join("\n    ")}`);
}

/** Nu Html Checker errors for the given HTML files ({name, file}), as readable lines. */
export function vnuErrors(files) {
  let out;
  try {
    out = execFileSync("java", ["-jar", VNU_JAR, "--format", "json", "--errors-only", ...files.map((f) => f.file)], {
      encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    // vnu exits 1 when it found errors; the report is on stderr.
    out = (e.stderr || "") + (e.stdout || "");
  }
  const json = out.trim() ? JSON.parse(out.trim().split("\n").filter((l) => l.startsWith("{")).join("")) : { messages: [] };
  const nameOf = (url) => {
    const f = files.find((x) => url && decodeURIComponent(url).endsWith(x.file));
    return f ? f.name : url;
  };
  return json.messages
    .filter((m) => m.type === "error" || m.subType === "fatal")
    .map((m) => `${nameOf(m.url)}: vnu line ${m.lastLine}: ${m.message}\n    ${(m.extract || "").replace(/\s+/g, " ").slice(0, 160)}`);
}
