// Runs the README's quick-start block, as written, against the emulator: the code a newcomer
// copies must work. The block is the first ```js fence after the `quick-start` marker.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT, startEmulator } from "./helpers/emulator.mjs";

let emu;
before(async () => {
  emu = await startEmulator();
});
after(async () => {
  await emu?.stop();
});

function quickStart() {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const at = readme.indexOf("<!-- quick-start");
  assert.ok(at >= 0, "README has a quick-start marker");
  const m = /```js\n([\s\S]*?)\n```/.exec(readme.slice(at));
  assert.ok(m, "a ```js block follows the marker");
  return m[1];
}

function run(file, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => resolve({ code, out, err }));
  });
}

test("the README quick start runs as written against the emulator", async () => {
  // Inside the repo, so "botpress-chat-wasm" resolves through node_modules like a user's app.
  const dir = path.join(ROOT, "tests", "out");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "readme-quick-start.mjs");
  writeFileSync(file, quickStart());
  const env = {
    BOTPRESS_TOKEN: "readme-token",
    BOTPRESS_BOT_ID: "readme-bot",
    BOTPRESS_API_URL: emu.url,
    BOTPRESS_USER_ID: "user_01HF58RDKE3M7K5RJ5XZ7GF6HE",
  };
  const first = await run(file, env);
  assert.equal(first.code, 0, first.err);
  assert.equal(first.err, "", "nothing on stderr");
  const [convLine, msgLine] = first.out.trim().split("\n");
  assert.match(convLine, /^conv_[0-9A-Z]{26} true$/);
  assert.match(msgLine, /^msg_[0-9A-Z]{26}$/);

  // "true, then false on the next run", as the comment in the README promises.
  const second = await run(file, env);
  assert.equal(second.code, 0, second.err);
  assert.equal(second.out.trim().split("\n")[0], convLine.replace(/ true$/, " false"));
  assert.equal(second.out.trim().split("\n")[1], msgLine, "same tags → the same message");
});

test("the quick start's error branch prints ValidationError issues and sends nothing", async () => {
  const dir = path.join(ROOT, "tests", "out");
  const file = path.join(dir, "readme-quick-start.mjs");
  writeFileSync(file, quickStart());
  await emu.clearRequests();
  const r = await run(file, {
    BOTPRESS_TOKEN: "readme-token",
    BOTPRESS_BOT_ID: "readme-bot",
    BOTPRESS_API_URL: emu.url,
    BOTPRESS_USER_ID: "too-short",
  });
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /userId/);
  const paths = (await emu.requests()).map((q) => q.path);
  assert.deepEqual(paths, ["/v1/chat/conversations/get-or-create"], "the invalid message was never sent");
});
