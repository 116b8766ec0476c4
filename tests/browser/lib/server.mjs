// A tiny static file server for the built handbook, on 127.0.0.1 only (a random free port).
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".xml": "application/xml", ".png": "image/png",
  ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp", ".svg": "image/svg+xml",
  ".pdf": "application/pdf",
};

/** Serves `dir` at `base` (e.g. "/metodehaandbog/"); unknown paths get the site's 404.html with
 * status 404, like a real host. */
export function serve(dir, base = "/") {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!rel.startsWith(base)) rel = "/\0";
    rel = "/" + rel.slice(base.length);
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(400).end();
      return;
    }
    fs.readFile(file, (err, body) => {
      if (err) {
        const notFound = fs.readFileSync(path.join(root, "404.html"));
        res.writeHead(404, { "content-type": TYPES[".html"] }).end(notFound);
        return;
      }
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
      res.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}${base}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}
