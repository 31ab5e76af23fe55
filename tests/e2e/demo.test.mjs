// End to end: the demo page (www/) served by the emulator, driven in Debian's Chromium through
// playwright-core. Needs `make pkg emulator` first; run with `node --test tests/e2e/`.
//
// The tests share one page and run in order, as a person would use it: options, conversation,
// text message, carousel, one message of every kind in the conversation view (a screenshot of
// each in tests/out/kinds/), a quick reply, markup injection, issues, an API error, keyboard,
// storage, screenshots (tests/out/demo.png, copied to www/screenshot.png for the READMEs). Any
// console error or uncaught error in the page fails the test that caused it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { access, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CHROMIUM, launchChromium } from "../js/helpers/chromium.mjs";
import { startEmulator } from "../js/helpers/emulator.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const EMULATOR = path.join(ROOT, "target/debug/botpress-emulator");
const OUT = path.join(ROOT, "tests/out");
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
  browser = await launchChromium();
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
        imageUrl: `${origin}/media/starter.svg`,
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

// Every message kind the package knows, in the order they are sent to one conversation.
const KINDS = ["text", "image", "audio", "video", "file", "location", "card", "carousel", "choice", "dropdown", "bloc", "markdown"];

/** Waits until an <img> has decoded, or an <audio>/<video> has its metadata; fails on an error. */
async function loaded(locator) {
  await locator.evaluate(
    (el) =>
      new Promise((resolve, reject) => {
        const ready = () => (el instanceof HTMLImageElement ? el.complete && el.naturalWidth > 0 : el.readyState >= 1);
        if (ready()) return resolve();
        el.addEventListener("error", () => reject(new Error(`${el.currentSrc || el.src} did not load`)), { once: true });
        el.addEventListener(el instanceof HTMLImageElement ? "load" : "loadedmetadata", () => resolve(), { once: true });
        setTimeout(() => reject(new Error(`${el.currentSrc || el.src} still loading after 5 s`)), 5_000);
      }),
  );
}

/** The accessible names of the buttons and links inside a locator, in order. */
function controls(locator) {
  return locator.locator("button, a").evaluateAll((els) => els.map((el) => `${el.tagName === "A" ? "link" : "button"}:${el.textContent}`));
}

/** Checks that one message renders as its kind. `sent` is the payload the server returned. */
const RENDERED = {
  async text(item, sent) {
    assert.equal(await item.locator(".bubble").textContent(), sent.text);
  },
  async markdown(item, sent) {
    // Shown as its source: the ** and * stay, nothing becomes <strong> or <em>.
    assert.equal(await item.locator(".bubble").textContent(), sent.markdown);
    assert.match(sent.markdown, /\*\*Markdown\*\*/);
    assert.equal(await item.locator(".msg-body strong, .msg-body em").count(), 0);
  },
  async image(item, sent) {
    const img = item.getByRole("img", { name: "A lake at sunset" });
    await loaded(img);
    assert.equal(await img.evaluate((el) => el.naturalWidth), 240, "the sample PNG is served and decoded");
    assert.equal(await img.getAttribute("src"), sent.imageUrl);
  },
  async audio(item) {
    const audio = item.getByLabel("Audio: Chime");
    assert.equal(await audio.evaluate((el) => el.tagName), "AUDIO");
    assert.equal(await audio.getAttribute("controls"), "", "the player has its controls");
    await loaded(audio);
    const duration = await audio.evaluate((el) => el.duration);
    assert.ok(duration > 1.1 && duration < 1.3, `the 1.2 s chime plays for ${duration} s`);
  },
  async video(item) {
    const video = item.getByLabel("Video: Bouncing ball");
    assert.equal(await video.evaluate((el) => el.tagName), "VIDEO");
    await loaded(video);
    assert.deepEqual(await video.evaluate((el) => [el.videoWidth, el.videoHeight]), [160, 90]);
  },
  async file(item, sent) {
    const link = item.getByRole("link", { name: "Release notes" });
    assert.equal(await link.getAttribute("href"), sent.fileUrl);
    assert.equal(await link.getAttribute("rel"), "noopener noreferrer");
    const res = await fetch(sent.fileUrl);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/pdf", "the PDF opens in the viewer, not as a download");
    assert.match(await item.locator(".file-meta").textContent(), /^notes\.pdf · 127\.0\.0\.1:\d+$/);
  },
  async location(item) {
    assert.equal(await item.locator(".loc-title").textContent(), "Meeting point");
    assert.equal(await item.locator(".loc-address").textContent(), "Montréal, QC");
    assert.equal(await item.locator(".coords").textContent(), "45.5019° N, 73.5674° W");
    const map = item.getByRole("link", { name: "Open in OpenStreetMap" });
    assert.equal(await map.getAttribute("href"), "https://www.openstreetmap.org/?mlat=45.5019&mlon=-73.5674#map=16/45.5019/-73.5674");
  },
  async card(item) {
    const card = item.getByRole("group", { name: "botpress-chat-wasm" });
    assert.equal(await card.locator(".card-sub").textContent(), "Rust compiled to WebAssembly");
    await loaded(card.locator("img"));
    assert.deepEqual(await controls(card), ["button:Tell me more", "link:Documentation"]);
    assert.equal(await card.getByRole("link", { name: "Documentation" }).getAttribute("href"), "https://botpress.com/docs");
  },
  async carousel(item, sent) {
    const row = item.getByRole("list", { name: `Carousel of ${sent.items.length} cards` });
    const titles = await row.locator(":scope > li .card-title").allTextContents();
    assert.deepEqual(titles, sent.items.map((c) => c.title), "the cards in order");
    assert.deepEqual(await controls(row.getByRole("group", { name: "Starter" })), ["button:Choose Starter"]);
    assert.deepEqual(await controls(row.getByRole("group", { name: "Pro" })), ["link:Compare plans"]);
    await loaded(row.getByRole("group", { name: "Starter" }).locator("img"));
    // A row: the cards side by side, not stacked.
    const [a, b] = await row.locator(":scope > li").evaluateAll((els) => els.map((el) => el.getBoundingClientRect().top));
    assert.equal(a, b);
  },
  async choice(item) {
    assert.equal(await item.locator(".bubble").textContent(), "Pick a colour");
    assert.deepEqual(await controls(item.getByRole("group", { name: "Replies to: Pick a colour" })), ["button:Red", "button:Blue"]);
  },
  async dropdown(item) {
    assert.equal(await item.locator(".bubble").textContent(), "Pick a size");
    assert.deepEqual(await controls(item.getByRole("group", { name: "Replies to: Pick a size" })), [
      "button:Small",
      "button:Medium",
      "button:Large",
    ]);
  },
  async bloc(item) {
    const list = item.getByRole("list", { name: "Bloc of 3 items" });
    assert.deepEqual(await list.locator(":scope > li").evaluateAll((els) => els.map((el) => el.dataset.kind)), ["text", "image", "location"]);
    assert.equal(await list.locator(".bubble").textContent(), "Here is the meeting point:");
    await loaded(list.getByRole("img", { name: "The lake" }));
    assert.equal(await list.locator(".coords").textContent(), "45.5019° N, 73.5674° W");
  },
};

test("the conversation view shows one message of every kind, each rendered as a chat shows it", async () => {
  await mkdir(path.join(OUT, "kinds"), { recursive: true });
  // Tall enough that the message log does not clip the screenshot of a message.
  await page.setViewportSize({ width: 1280, height: 2000 });
  // A conversation of its own (the Match on "room" keeps it apart), so the view holds just these.
  await page.locator('#conv-form [data-role="value"]').first().fill("every-kind");
  const conv = await call(() => page.click("#conv-submit"));
  assert.equal(conv.badge, "created");
  conversationId = conv.json.conversation.id;
  const log = page.getByRole("list", { name: "Messages, oldest first" });
  assert.equal(await page.textContent("#chat-heading"), `${conversationId} · 0 messages`);
  assert.match(await log.textContent(), /appear here/);

  const tag = page.locator('#msg-form [data-role="value"]').first();
  const sent = {};
  for (const kind of KINDS) {
    await page.selectOption("#msg-type", kind);
    await tag.fill(`every-${kind}`);
    const out = await call(() => page.click("#msg-submit"));
    assert.equal(out.badge, "created", `${kind}: ${out.status}`);
    sent[kind] = out.json.message;
    const item = log.getByRole("article", { name: `${kind} message` });
    assert.equal(await item.count(), 1, `one ${kind} message in the view`);
    assert.equal(await item.getByTestId("msg-badge").textContent(), "created");
    const time = await item.locator("time").evaluate((el) => ({ datetime: el.dateTime, text: el.textContent }));
    assert.equal(time.datetime, new Date(out.json.message.createdAt).toISOString());
    assert.match(time.text, /^\d{2}:\d{2}:\d{2}/);
    await RENDERED[kind](item, out.json.message.payload);
    await item.screenshot({ path: path.join(OUT, "kinds", `${kind}.png`), animations: "disabled" });
  }

  // All of them, in the order sent; the heading counts them.
  assert.deepEqual(await log.locator(":scope > li").evaluateAll((els) => els.map((el) => el.dataset.kind)), KINDS);
  assert.equal(await page.textContent("#chat-heading"), `${conversationId} · ${KINDS.length} messages`);

  // The same message again is found: its badge changes, no second copy appears.
  const again = await call(() => page.click("#msg-submit"));
  assert.equal(again.badge, "found");
  const markdown = log.getByRole("article", { name: "markdown message" });
  assert.equal(await markdown.count(), 1);
  assert.equal(await markdown.getByTestId("msg-badge").textContent(), "found");
  assert.equal(await log.locator(":scope > li").count(), KINDS.length);

  // The JSON is one toggle away, and it is the message the server returned.
  const image = log.getByRole("article", { name: "image message" });
  assert.equal(await image.locator("pre").isVisible(), false);
  await image.locator("summary").click();
  assert.deepEqual(JSON.parse(await image.locator("pre").textContent()), sent.image);
  assert.equal(await image.locator("pre").isVisible(), true);
  await image.locator("summary").click();
  await page.setViewportSize({ width: 1280, height: 900 });
  assertNoPageErrors();
});

test("a quick reply in the conversation prepares a text reply in step 3", async () => {
  const log = page.getByRole("list", { name: "Messages, oldest first" });
  const choice = log.getByRole("article", { name: "choice message" });
  await choice.getByRole("button", { name: "Blue" }).focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.inputValue("#msg-type"), "text");
  assert.equal(await page.evaluate(() => document.activeElement.dataset.path), "payload.text", "focus moves to the reply");
  assert.equal(await page.inputValue(path_("payload.text")), "blue", "the option's value is the reply");
  assert.match(await page.textContent("#chat-note"), /^Reply "blue" is ready in step 3/);
  const ref = await page.locator('#msg-form [data-role="value"]').first().inputValue();
  assert.match(ref, /^reply-/, "a fresh tag, so the reply is a new message");

  const out = await call(() => page.keyboard.press("Enter"));
  assert.equal(out.badge, "created", out.status);
  assert.deepEqual(out.json.message.payload, { text: "blue" });
  const last = log.locator(":scope > li").last();
  assert.equal(await last.getAttribute("data-kind"), "text");
  assert.equal(await last.locator(".bubble").textContent(), "blue");

  // A postback action in a card does the same with its value.
  await log.getByRole("group", { name: "botpress-chat-wasm" }).getByRole("button", { name: "Tell me more" }).click();
  assert.equal(await page.inputValue(path_("payload.text")), "more");

  // Back to the carousel sent above, for the tests that follow.
  await page.selectOption("#msg-type", "carousel");
  await page.locator('#msg-form [data-role="value"]').first().fill("every-carousel");
  assertNoPageErrors();
});

test("server text and URLs cannot inject markup or a script URL into the conversation", async () => {
  const out = await page.evaluate(async () => {
    const { render } = await import("/js/conversation.js");
    const noop = () => {};
    const text = render("text", { text: '<img src=x onerror="window.pwned=1">' }, noop);
    const file = render("file", { fileUrl: "javascript:window.pwned=1", title: "x" }, noop);
    const card = render("card", { title: "t", actions: [{ action: "url", label: "go", value: "javascript:window.pwned=1" }] }, noop);
    const image = render("image", { imageUrl: "data:image/svg+xml,<svg/>" }, noop);
    const custom = render("custom:thing", { any: 1 }, noop);
    document.body.append(text, file, card, image, custom); // connected, so any handler would run
    await new Promise((r) => setTimeout(r, 50));
    const result = {
      textImgs: text.querySelectorAll("img").length,
      textContent: text.textContent,
      fileLinks: file.querySelectorAll("a").length,
      fileText: file.textContent,
      cardAction: card.querySelector(".action").outerHTML,
      imageText: image.textContent,
      custom: custom.textContent,
      pwned: window.pwned ?? null,
    };
    for (const el of [text, file, card, image, custom]) el.remove();
    return result;
  });
  assert.equal(out.textImgs, 0);
  assert.equal(out.textContent, '<img src=x onerror="window.pwned=1">');
  assert.equal(out.fileLinks, 0);
  assert.match(out.fileText, /is not an http\(s\) URL/);
  assert.match(out.cardAction, /^<button[^>]* disabled=""/);
  assert.doesNotMatch(out.cardAction, /javascript:/);
  assert.match(out.imageText, /is not an http\(s\) URL/);
  assert.equal(out.custom, 'No view for the "custom:thing" kind: see its JSON.');
  assert.equal(out.pwned, null);
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

test("screenshots: the conversation beside the builder when wide, below it when narrow, no sideways scroll", async () => {
  await mkdir(OUT, { recursive: true });
  await page.selectOption("#msg-type", "carousel");
  const found = await call(() => page.click("#msg-submit"));
  assert.equal(found.badge, "found");
  await page.evaluate(() => window.scrollTo(0, 0));
  const layout = () =>
    page.evaluate(() => {
      const box = (el) => el.getBoundingClientRect();
      const forms = box(document.querySelector(".forms"));
      const chat = box(document.getElementById("chat"));
      const result = box(document.getElementById("result"));
      return {
        beside: chat.left >= forms.right && result.left >= forms.right && result.top >= chat.bottom,
        below: chat.top >= forms.bottom && result.top >= chat.bottom,
        overflow: document.documentElement.scrollWidth > innerWidth,
      };
    });
  const wide = await layout();
  assert.ok(wide.beside, "the conversation, then the result, sit beside the forms");
  assert.equal(wide.overflow, false);
  // The README screenshot (www/screenshot.png is a copy of demo.png): a viewport tall enough for
  // the page and for the whole conversation, so the sticky side column scrolls nothing away.
  for (let i = 0; i < 3; i++) {
    const height = await page.evaluate(() => {
      const log = document.getElementById("chat-log");
      const side = document.querySelector(".side").getBoundingClientRect().height;
      return Math.ceil(Math.max(document.documentElement.scrollHeight, side + log.scrollHeight - log.clientHeight + 40));
    });
    await page.setViewportSize({ width: 1280, height });
  }
  assert.ok(
    await page.evaluate(() => {
      const log = document.getElementById("chat-log");
      return log.scrollHeight <= log.clientHeight + 1;
    }),
    "the whole conversation is in the screenshot",
  );
  await page.screenshot({ path: path.join(OUT, "demo.png"), fullPage: true, animations: "disabled" });

  await page.setViewportSize({ width: 400, height: 900 });
  const narrow = await layout();
  assert.ok(narrow.below, "the conversation, then the result, move below the forms");
  assert.equal(narrow.overflow, false, "nothing scrolls sideways at 400 px");
  await page.screenshot({ path: path.join(OUT, "demo-narrow.png"), fullPage: true, animations: "disabled" });
  await page.setViewportSize({ width: 1280, height: 900 });
  assertNoPageErrors();
});
