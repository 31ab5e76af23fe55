// A static file server on 127.0.0.1 for the bench pages run in Chromium.
import { createReadStream, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };

/**
 * Serves what `route(pathname)` names: a string of HTML (`{ html }`), a file path, or nothing
 * (404). Resolves to { server, base } once listening on a free port.
 */
export async function serveFiles(route) {
  const server = http.createServer((req, res) => {
    const target = route(new URL(req.url, "http://x").pathname);
    if (target?.html !== undefined) return res.writeHead(200, { "content-type": "text/html" }).end(target.html);
    try {
      if (typeof target !== "string" || !statSync(target).isFile()) throw new Error();
    } catch {
      return res.writeHead(404).end();
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(target)] ?? "application/octet-stream" });
    createReadStream(target).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${server.address().port}` };
}
