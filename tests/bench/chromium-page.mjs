// A bench page in headless Chromium: files served on 127.0.0.1, the page opened, and either the
// value it leaves on `window[key]` returned (runPage) or the page handed over (openPage).
import { createReadStream, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { launchChromium } from "../js/helpers/chromium.mjs";

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };

/**
 * Serves what `route(pathname)` names — a string of HTML (`{ html }`), a file path, or nothing
 * (404) — opens "/" in a fresh headless Chromium and returns what `use(page, browser)` returns;
 * the browser and the server are closed afterwards.
 */
export async function openPage(route, use) {
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
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    return await use(page, browser);
  } finally {
    await browser.close();
    server.close();
  }
}

/**
 * [`openPage`], then waits up to `timeoutMs` for `window[key]` (`{ ok: true, … }`, or
 * `{ ok: false, error }`). Resolves to { result, chromium } (the browser's version); rejects
 * with the page's error.
 */
export function runPage(route, key, timeoutMs) {
  return openPage(route, async (page, browser) => {
    await page.waitForFunction((k) => window[k], key, { timeout: timeoutMs, polling: 500 });
    const result = await page.evaluate((k) => window[k], key);
    if (!result.ok) throw new Error(result.error);
    return { result, chromium: browser.version() };
  });
}
