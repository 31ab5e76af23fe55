// Headless Chromium (Debian's, through playwright-core) and a static server on 127.0.0.1 for
// built apps. A page runs the app's src/index.js, which writes "done" or "error: …" to #status
// and its JSON result to #result and window.__result.

import assert from "node:assert/strict";
import { createReadStream, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { launchChromium } from "../../js/helpers/chromium.mjs";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

export { launchChromium };

/**
 * Serves `dir` on 127.0.0.1 (index.html for folders). `headers` are added to every answer.
 * `served` lists [url, status] of every request, in order.
 */
export async function serveStatic(dir, { headers = {} } = {}) {
  const served = [];
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "");
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    let file = null;
    if (!rel.split("/").some((s) => s === ".." || s === "")) {
      try {
        if (statSync(path.join(dir, rel)).isFile()) file = path.join(dir, rel);
      } catch {}
    }
    served.push([req.url, file ? 200 : 404]);
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain", ...headers }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store", ...headers });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    served,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * Opens `url`, waits for #status to leave "loading", and returns window.__result with the
 * page's errors. Fails on any uncaught error or unhandled rejection (pageerror), and on any
 * console error or warning that `allowConsole` does not accept.
 */
export async function runPage(browser, url, { allowConsole = () => false, timeoutMs = 20_000 } = {}) {
  const page = await browser.newPage();
  const errors = [];
  let pageFailed;
  const failed = new Promise((resolve) => (pageFailed = resolve));
  page.on("pageerror", (e) => {
    errors.push(`pageerror: ${e.message}`);
    pageFailed();
  });
  page.on("console", (m) => {
    if (m.type() !== "error" && m.type() !== "warning") return;
    if (allowConsole(m.text(), m.location().url)) return;
    errors.push(`console.${m.type()}: ${m.text()} (${m.location().url})`);
  });
  try {
    await page.goto(url, { waitUntil: "load", timeout: timeoutMs });
    try {
      await Promise.race([
        page.waitForFunction(() => (document.getElementById("status")?.textContent ?? "loading") !== "loading", null, { timeout: timeoutMs }),
        failed,
      ]);
    } catch (e) {
      assert.fail(`the page never finished: ${e.message}\nerrors: ${errors.join("\n")}`);
    }
    const status = await page.evaluate(() => document.getElementById("status")?.textContent ?? "(no #status)");
    assert.equal(status, "done", `page status ${status}\nerrors: ${errors.join("\n")}`);
    const result = await page.evaluate(() => window.__result);
    const shown = await page.evaluate(() => document.getElementById("result")?.textContent);
    assert.deepEqual(JSON.parse(shown), result, "#result shows window.__result");
    const unhandled = await page.evaluate(() => window.__unhandled ?? null);
    assert.deepEqual(errors, [], "no page errors, console errors or warnings");
    return { result, unhandled };
  } finally {
    await page.close();
  }
}

/** Console lines Chromium writes for the scenario's one expected 404 (the emulator's answer). */
export function emulator404(emu) {
  return (text, at) => text.includes("status of 404") && at === emu.url + "/v1/chat/messages/get-or-create";
}
