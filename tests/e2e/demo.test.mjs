// End to end: the demo page (www/) served by the emulator, driven in Debian's Chromium through
// playwright-core. Needs `make pkg emulator` first; run with `node --test tests/e2e/`.
//
// The tests share one page and run in order, as a person would use it: options, conversation,
// text message, carousel, issues, an API error, keyboard, storage, screenshots. Any console error
// or uncaught error in the page fails the test that caused it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { access, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startEmulator } from "../js/helpers/emulator.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const EMULATOR = path.join(ROOT, "target/debug/botpress-emulator");
const OUT = path.join(ROOT, "tests/out");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Without the background-networking flags Chromium keeps dialling out, and this network refuses.
const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const TOKEN = "demo-token";
const USER_ID = "user_01HF58RDKE3M7K5RJ5XZ7GF6HE";
const UNKNOWN_CONVERSATION = "conv_00000000000000000000000000";

let emulator;
let browser;
let page;
let origin;
let conversationId;
const pageErrors = []; // console errors and uncaught exceptions not yet accounted for
const consoleTexts = []; // every console message, to prove the token is never logged

// ---------------------------------------------------------------------------------------------
// Setup and teardown

before(async () => {
  for (const [file, hint] of [
    [EMULATOR, "cargo build -p botpress-emulator"],
    [path.join(ROOT, "pkg/entry/browser.js"), "make pkg"],
    [CHROMIUM, "make deps-browser"],
  ]) {
    await access(file).catch(() => {
      throw new Error(`${path.relative(ROOT, file) || file} is missing: run \`${hint}\` first`);
    });
  }
  emulator = await startEmulator({ www: "www", pkg: "pkg" });
  origin = emulator.url;
  // launch() gives Chromium a fresh, empty user-data dir of its own and deletes it on close.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on("console", (msg) => {
    consoleTexts.push(msg.text());
    if (msg.type() === "error") pageErrors.push(`console.error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => pageErrors.push(`uncaught: ${err.message}`));
  await page.goto(`${origin}/`);
  await page.waitForSelector("html[data-ready='true']", { timeout: 15_000 });
});

after(async () => {
  await browser?.close().catch(() => {});
  await emulator?.stop();
});

// ---------------------------------------------------------------------------------------------
// Helpers

function assertNoPageErrors() {
  assert.deepEqual(pageErrors.splice(0), [], "the page logged errors");
}

/** Runs `act` (which starts a call) and waits until the page has shown its outcome. */
async function call(act) {
  const seq = Number(await page.getAttribute("#result", "data-seq"));
  await act();
  await page.waitForFunction((n) => Number(document.getElementById("result").dataset.seq) > n, seq, {
    timeout: 10_000,
  });
  return readResult();
}

function readResult() {
  return page.evaluate(() => {
    const $ = (id) => document.getElementById(id);
    const err = $("result-error");
    const json = $("result-json");
    let error = null;
    if (!err.hidden) {
      error = { issues: [...err.querySelectorAll("li")].map((li) => li.textContent) };
      for (const dd of err.querySelectorAll("dd")) error[dd.dataset.field] = dd.textContent;
    }
    return {
      badge: $("result-badge").textContent,
      status: $("result-status").textContent,
      json: json.hidden ? null : JSON.parse(json.textContent),
      error,
    };
  });
}

async function apiRequests() {
  const res = await fetch(`${origin}/__emulator/requests`);
  assert.equal(res.status, 200);
  return res.json();
}

/** The issue shown for an input: its aria state and the text of what it is described by. */
function issueOf(selector) {
  return page.locator(selector).evaluate((el) => ({
    invalid: el.getAttribute("aria-invalid") === "true",
    described: (el.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? `(missing #${id})`)
      .join(" | "),
    slotVisible: !document.getElementById(`${el.id}-issue`)?.hidden,
  }));
}

const path_ = (p) => `[data-path="${p}"]`;

// ---------------------------------------------------------------------------------------------
// Tests

test("the page imports the package by name and starts on the emulator", async () => {
  const html = await readFile(path.join(ROOT, "www/index.html"), "utf8");
  const map = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(map, "index.html has an inline import map");
  assert.equal(JSON.parse(map[1]).imports["botpress-chat-wasm"], "/pkg/entry/browser.js");
  const hash = createHash("sha256").update(map[1]).digest("base64");
  assert.ok(html.includes(`'sha256-${hash}'`), "the CSP allows the import map by its current hash");

  const exported = await page.evaluate(async () => {
    const m = await import("botpress-chat-wasm");
    return Object.keys(m).sort();
  });
  for (const name of ["Client", "validateGetOrCreateMessage", "ApiError", "ValidationError"]) {
    assert.ok(exported.includes(name), `${name} is exported through the import map`);
  }

  assert.equal(await page.inputValue("#opt-baseUrl"), origin);
  assert.equal(await page.inputValue("#opt-token"), TOKEN);
  assert.equal(await page.inputValue("#opt-botId"), "demo-bot");
  assert.equal(await page.getAttribute("#opt-token", "type"), "password");
  assert.equal(await page.getAttribute("#opt-token", "autocomplete"), "off");
  assert.equal(await page.inputValue("#msg-userId"), USER_ID);
  assert.match(await page.textContent("#options-summary"), /^Valid/);
  assert.match(await page.textContent("#conv-summary"), /^Valid/);
  // No conversation yet: the empty conversation id is the one issue, shown on its field.
  const convIdIssue = await issueOf("#msg-conversationId");
  assert.ok(convIdIssue.invalid);
  assert.match(convIdIssue.described, /at least 28 characters \(got 0\)/);
  // No input can be submitted by the browser itself (no name attributes), so the token never
  // lands in a URL even if the script failed.
  assert.equal(await page.locator("input[name], select[name]").count(), 0);
  assertNoPageErrors();
});

test("Enter in the channel field gets or creates a conversation; the same again is found", async () => {
  await fetch(`${origin}/__emulator/requests`, { method: "DELETE" });
  await page.focus("#conv-channel");
  const first = await call(() => page.keyboard.press("Enter"));
  assert.equal(first.badge, "created");
  assert.equal(first.json.meta.created, true);
  assert.equal(first.json.conversation.channel, "web");
  assert.deepEqual(first.json.conversation.tags, { room: "lobby" });
  conversationId = first.json.conversation.id;
  assert.match(conversationId, /^conv_[0-9A-HJKMNP-TV-Z]{26}$/);
  assert.equal(await page.inputValue("#msg-conversationId"), conversationId, "step 3 picks up the id");
  assert.equal((await issueOf("#msg-conversationId")).invalid, false);

  const again = await call(() => page.click("#conv-submit"));
  assert.equal(again.badge, "found");
  assert.equal(again.json.conversation.id, conversationId);

  // A second tag, with Match ticked on the first row only: discriminateByTags ["room"], so the
  // conversation is still found although the full tag set differs.
  await page.click('#conv-form [data-testid="add:tags"]');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.role), "key", "focus moves to the new row");
  await page.keyboard.type("topic");
  await page.locator('#conv-form [data-role="value"]').nth(1).fill("e2e");
  await page.locator('#conv-form [data-role="match"]').nth(0).check();
  const matched = await call(() => page.click("#conv-submit"));
  assert.equal(matched.badge, "found");
  assert.equal(matched.json.conversation.id, conversationId);
  assert.deepEqual(matched.json.conversation.tags, { room: "lobby", topic: "e2e" });

  const log = await apiRequests();
  assert.equal(log.length, 3);
  assert.ok(log.every((r) => r.path === "/v1/chat/conversations/get-or-create" && r.method === "POST"));
  assert.equal(log[0].headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(log[0].headers["x-bot-id"], "demo-bot");
  assert.deepEqual(JSON.parse(log[0].body), { channel: "web", tags: { room: "lobby" } });
  assert.deepEqual(JSON.parse(log[2].body), {
    channel: "web",
    tags: { room: "lobby", topic: "e2e" },
    discriminateByTags: ["room"],
  });
  assertNoPageErrors();
});

test("a text message is created, then found when the same message is sent again", async () => {
  await page.selectOption("#msg-type", "text");
  await page.fill(path_("payload.text"), "Hello from the e2e test");
  assert.match(await page.textContent("#msg-summary"), /^Valid/);
  const first = await call(() => page.click("#msg-submit"));
  assert.equal(first.badge, "created", first.status);
  assert.equal(first.json.message.type, "text");
  assert.deepEqual(first.json.message.payload, { text: "Hello from the e2e test" });
  assert.equal(first.json.message.conversationId, conversationId);
  assert.equal(first.json.message.userId, USER_ID);
  assert.deepEqual(first.json.message.tags, { ref: "demo-1" });

  const second = await call(() => page.click("#msg-submit"));
  assert.equal(second.badge, "found");
  assert.equal(second.json.meta.created, false);
  assert.equal(second.json.message.id, first.json.message.id);
  assert.match(await page.textContent("#history"), /found[\s\S]*created/, "history lists the newest first");
  assertNoPageErrors();
});

test("a carousel of two cards with actions is sent as typed", async () => {
  await page.selectOption("#msg-type", "carousel");
  assert.equal(await page.locator(path_("payload.items[0].title")).count(), 1, "the carousel starts with one card");
  await page.click('[data-testid="add:payload.items"]');
  assert.equal(
    await page.evaluate(() => document.activeElement.dataset.path),
    "payload.items[1].title",
    "focus moves to the new card's title",
  );
  await page.fill(path_("payload.items[1].title"), "Pro");
  await page.fill(path_("payload.items[1].subtitle"), "Many bots");
  await page.click('[data-testid="add:payload.items[1].actions"]');
  await page.selectOption(path_("payload.items[1].actions[0].action"), "url");
  await page.fill(path_("payload.items[1].actions[0].label"), "Compare plans");
  await page.fill(path_("payload.items[1].actions[0].value"), "https://example.com/plans");
  await page.locator('#msg-form [data-role="value"]').first().fill("demo-carousel"); // a new message
  assert.match(await page.textContent("#msg-summary"), /^Valid/);

  const expected = {
    items: [
      {
        title: "Starter",
        subtitle: "One bot",
        actions: [{ action: "postback", label: "Choose Starter", value: "plan-starter" }],
      },
      {
        title: "Pro",
        subtitle: "Many bots",
        actions: [{ action: "url", label: "Compare plans", value: "https://example.com/plans" }],
      },
    ],
  };
  const created = await call(() => page.click("#msg-submit"));
  assert.equal(created.badge, "created", created.status);
  assert.equal(created.json.message.type, "carousel");
  assert.deepEqual(created.json.message.payload, expected);

  const log = await apiRequests();
  const sent = log.at(-1);
  assert.equal(sent.path, "/v1/chat/messages/get-or-create");
  assert.deepEqual(JSON.parse(sent.body), {
    type: "carousel",
    payload: expected,
    userId: USER_ID,
    conversationId,
    tags: { ref: "demo-carousel" },
  });

  const again = await call(() => page.click("#msg-submit"));
  assert.equal(again.badge, "found");
  assert.equal(again.json.message.id, created.json.message.id);
  assertNoPageErrors();
});

test("issues appear next to the field that produced them, and block nothing but the send", async () => {
  await page.fill("#msg-userId", "short");
  const userIssue = await issueOf("#msg-userId");
  assert.ok(userIssue.invalid && userIssue.slotVisible);
  assert.match(userIssue.described, /28 to 36 characters\. \| Must be at least 28 characters \(got 5\)/);
  assert.match(await page.textContent("#msg-summary"), /^1 issue/);

  const label = path_("payload.items[1].actions[0].label");
  await page.fill(label, "");
  const labelIssue = await issueOf(label);
  assert.ok(labelIssue.invalid);
  assert.match(labelIssue.described, /at least 1 character/);
  assert.equal((await issueOf(path_("payload.items[1].actions[0].value"))).invalid, false, "only the label is marked");
  assert.match(await page.textContent("#msg-summary"), /^2 issues/);
  assert.equal(await page.isHidden("#msg-issues"), true, "every issue found its field");

  // The page's own note: a tag name used twice.
  await page.click('#msg-form [data-testid="add:tags"]');
  await page.keyboard.type("ref");
  const dupIssue = await issueOf('#msg-form [data-role="key"] >> nth=1');
  assert.ok(dupIssue.invalid);
  assert.match(dupIssue.described, /set more than once/);

  // Sending anyway: the client refuses with a ValidationError and nothing reaches the server.
  const before = (await apiRequests()).length;
  const refused = await call(() => page.click("#msg-submit"));
  assert.equal(refused.badge, "error");
  assert.equal(refused.error.name, "ValidationError");
  assert.equal(refused.error.code, "invalid_request");
  assert.ok(refused.error.issues.some((i) => i.startsWith("userId")));
  assert.ok(refused.error.issues.some((i) => i.startsWith("payload.items[1].actions[0].label")));
  assert.equal((await apiRequests()).length, before, "nothing was sent");

  // Fixing everything clears the marks.
  await page.fill("#msg-userId", USER_ID);
  await page.fill(label, "Compare plans");
  await page.focus('#msg-form [data-testid="remove:tags[1]"]');
  await page.keyboard.press("Enter");
  assert.equal(await page.locator('#msg-form [data-role="key"]').count(), 1);
  assert.equal(await page.locator('#msg-form [aria-invalid="true"]').count(), 0);
  assert.match(await page.textContent("#msg-summary"), /^Valid/);
  assertNoPageErrors();
});

test("an unknown conversation shows an ApiError with its class, code and status", async () => {
  await page.fill("#msg-conversationId", UNKNOWN_CONVERSATION);
  const failed = await call(() => page.click("#msg-submit"));
  assert.equal(failed.badge, "error");
  assert.equal(failed.error.name, "ApiError");
  assert.equal(failed.error.code, "api");
  assert.equal(failed.error.status, "404");
  assert.equal(failed.error.type, "ResourceNotFound");
  assert.match(failed.error.requestId, /^req_/);
  assert.match(failed.error.id, /^err_/);
  assert.ok(failed.error.message.length > 0);
  assert.match(failed.status, /ApiError \(api\), HTTP 404/);
  // Chromium reports every non-2xx fetch as a console error: exactly this one is expected.
  const expected = pageErrors.filter((e) => /Failed to load resource.*404/.test(e));
  assert.equal(expected.length, 1, pageErrors.join("\n"));
  pageErrors.splice(pageErrors.indexOf(expected[0]), 1);
  await page.fill("#msg-conversationId", conversationId);
  assertNoPageErrors();
});

test("keyboard: labels everywhere, logical tab order, visible focus", async () => {
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll("input, select")].filter((el) => el.labels.length === 0).map((el) => el.outerHTML),
  );
  assert.deepEqual(unlabelled, []);
  await page.selectOption("#msg-type", "card");
  await page.focus("#msg-type");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.dataset.path), "payload.title");
  const outline = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  assert.notEqual(outline.style, "none");
  assert.ok(outline.width >= 2);
  // Switching kinds keeps what was typed in each.
  await page.fill(path_("payload.title"), "Kept");
  await page.selectOption("#msg-type", "carousel");
  await page.selectOption("#msg-type", "card");
  assert.equal(await page.inputValue(path_("payload.title")), "Kept");
  assertNoPageErrors();
});

test("the token stays in memory: no storage, no cookies, no logs, not in the page text", async () => {
  const stored = await page.evaluate(() => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
    text: document.body.innerText,
  }));
  assert.equal(stored.local, 0);
  assert.equal(stored.session, 0);
  assert.equal(stored.cookie, "");
  assert.ok(!stored.text.includes(TOKEN));
  assert.deepEqual(await page.context().cookies(), []);
  assert.ok(!consoleTexts.some((t) => t.includes(TOKEN)), "the token was logged");

  await page.click("#preset-cloud");
  assert.equal(await page.inputValue("#opt-baseUrl"), "https://api.botpress.cloud");
  assert.equal(await page.inputValue("#opt-token"), "", "the demo token is not sent to the real API");
  assert.equal(await page.evaluate(() => document.activeElement.id), "opt-token");
  assert.match((await issueOf("#opt-token")).described, /must not be empty/i);
  await page.click("#preset-emulator");
  assert.equal(await page.inputValue("#opt-baseUrl"), origin);
  assert.equal(await page.inputValue("#opt-token"), TOKEN);
  assert.equal(await page.locator('#options-form [aria-invalid="true"]').count(), 0);
  assertNoPageErrors();
});

test("screenshots: two columns when wide, one column and no sideways scroll when narrow", async () => {
  await mkdir(OUT, { recursive: true });
  await page.selectOption("#msg-type", "carousel");
  const found = await call(() => page.click("#msg-submit"));
  assert.equal(found.badge, "found");
  await page.evaluate(() => window.scrollTo(0, 0));
  const wide = await page.evaluate(() => {
    const forms = document.querySelector(".forms").getBoundingClientRect();
    const result = document.getElementById("result").getBoundingClientRect();
    return { side: result.left >= forms.right, overflow: document.documentElement.scrollWidth > innerWidth };
  });
  assert.ok(wide.side, "the result sits beside the forms");
  assert.equal(wide.overflow, false);
  // As tall as the page, so the sticky result column (at most 100vh) is not cut off.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1280, height });
  await page.screenshot({ path: path.join(OUT, "demo.png"), fullPage: true });

  await page.setViewportSize({ width: 400, height: 900 });
  const narrow = await page.evaluate(() => {
    const forms = document.querySelector(".forms").getBoundingClientRect();
    const result = document.getElementById("result").getBoundingClientRect();
    return { below: result.top >= forms.bottom, overflow: document.documentElement.scrollWidth > innerWidth };
  });
  assert.ok(narrow.below, "the result moves below the forms");
  assert.equal(narrow.overflow, false, "nothing scrolls sideways at 400 px");
  await page.screenshot({ path: path.join(OUT, "demo-narrow.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  assertNoPageErrors();
});
