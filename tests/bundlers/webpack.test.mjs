// webpack 5 with zero config (what `webpack --mode production|development` does: entry
// ./src/index.js, output dist/main.js): a plain browser app (apps/web) that imports
// "botpress-chat-wasm" by name. Each build is served statically and driven in Chromium against
// the emulator.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import webpack from "webpack";
import { startEmulator } from "../js/helpers/emulator.mjs";
import { expectScenario } from "../runtimes/helpers/expect.mjs";
import { freshApp, listFiles, pinned } from "./helpers/app.mjs";
import { emulator404, launchChromium, runPage, serveStatic } from "./helpers/browser.mjs";

let emu;
let browser;
before(async () => {
  emu = await startEmulator();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await emu?.stop();
});

function compile(config) {
  return new Promise((resolve, reject) => {
    webpack(config, (err, stats) => (err ? reject(err) : resolve(stats)));
  });
}

for (const mode of ["production", "development"]) {
  test(`webpack 5: --mode ${mode}, zero config, served statically, real calls in Chromium`, async (t) => {
    t.diagnostic(`webpack ${webpack.version}, chromium ${browser.version()}`);
    assert.equal(webpack.version, pinned("webpack"));
    const app = await freshApp(`webpack-${mode}`, "web");
    const dist = path.join(app, "dist");
    // webpack's defaults, spelled out only where the CLI would fill them in from its arguments.
    const stats = await compile({ mode, context: app, entry: "./src/index.js", output: { path: dist } });
    const info = stats.toJson({ all: false, errors: true, warnings: true });
    assert.deepEqual(info.errors, [], "no build error");
    assert.deepEqual(info.warnings, [], "no build warning");

    const files = listFiles(dist);
    const wasm = files.filter((f) => f.endsWith(".wasm"));
    assert.equal(wasm.length, 1, `webpack emitted the .wasm as an asset: ${files}`);
    // The page: the app's index.html with webpack's output as a classic script, as
    // html-webpack-plugin would inject it.
    const html = readFileSync(path.join(app, "index.html"), "utf8").replace('<script type="module" src="/src/index.js"></script>', '<script defer src="main.js"></script>');
    writeFileSync(path.join(dist, "index.html"), html);

    const server = await serveStatic(dist);
    const runtime = `webpack-${mode}`;
    try {
      await emu.reset();
      const { result, unhandled } = await runPage(browser, `${server.origin}/?emulator=${encodeURIComponent(emu.url)}&runtime=${runtime}`, {
        allowConsole: emulator404(emu),
      });
      assert.deepEqual(unhandled, []);
      await expectScenario(result, emu, runtime);
      assert.ok(server.served.some(([u, s]) => u === `/${wasm[0]}` && s === 200), `the page fetched the emitted .wasm: ${JSON.stringify(server.served)}`);
    } finally {
      await server.close();
    }
  });
}
