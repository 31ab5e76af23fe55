// Security properties as tests, beyond what faults.test.mjs already checks:
//   - __proto__ / constructor / prototype keys travel as data in both directions and pollute
//     no prototype (request body, response objects, ApiError.metadata);
//   - a 3xx never sends the token anywhere: the other origin named in Location gets nothing,
//     and an injected fetch only ever sees baseUrl and redirect: "manual";
//   - CR, LF or NUL anywhere in any header-bearing option (values and header names), and
//     non-Latin-1 values: ValidationError, zero requests;
//   - plain http only to hosts a WHATWG URL parser reads as loopback, checked against Node's URL;
//   - the token in no error of any kind, no cause, no log line, not in the client object.
// The last five tests pin bugs the fuzzers found (each failed before its fix).

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import util from "node:util";
import { spawnSync } from "node:child_process";
import {
  Client,
  getOrCreateConversation,
  getOrCreateMessage,
  validateGetOrCreateMessage,
  BotpressError,
  ValidationError,
  ApiError,
  NetworkError,
  TimeoutError,
  AbortError,
  InvalidResponseError,
} from "botpress-chat-wasm";
import { startEmulator, ROOT } from "./helpers/emulator.mjs";
import { USER_ID, assertNoSecret, conversationBody, messageBody, rejection, thrown } from "./helpers/util.mjs";

const TOKEN = "sk_security_SECRET_a41f9e";
const CONV_PATH = "/v1/chat/conversations/get-or-create";

let emu;
/** A second loopback server on another port: the "other origin" a redirect points to. */
let other;
let otherHits = [];

before(async () => {
  emu = await startEmulator();
  other = http.createServer((req, res) => {
    otherHits.push({ method: req.method, url: req.url, headers: req.headers });
    res.writeHead(200, { "content-type": "application/json" });
    res.end("{}");
  });
  await new Promise((resolve) => other.listen(0, "127.0.0.1", resolve));
  other.url = `http://127.0.0.1:${other.address().port}`;
});
after(async () => {
  await emu?.stop();
  await new Promise((resolve) => (other ? other.close(resolve) : resolve()));
});
beforeEach(async () => {
  await emu.reset();
  otherHits = [];
});

const client = (extra = {}) => new Client({ token: TOKEN, botId: "bot_security", baseUrl: emu.url, ...extra });

/** Every own key of the shared prototypes, to compare before and after. */
const prototypeKeys = () =>
  [Object.prototype, Array.prototype, Function.prototype].map((p) => Reflect.ownKeys(p).map(String).sort().join(",")).join("|");

/** `o` has an own data property `key` equal to `value`, and its prototype is still Object.prototype. */
function ownData(o, key, value, where) {
  const d = Object.getOwnPropertyDescriptor(o, key);
  assert.ok(d && "value" in d, `${where}: no own data property ${JSON.stringify(key)}`);
  assert.deepEqual(d.value, value, where);
  assert.equal(Object.getPrototypeOf(o), Object.prototype, `${where}: prototype replaced`);
}

function assertNoPollution(before) {
  assert.equal(prototypeKeys(), before, "a shared prototype gained or lost keys");
  assert.equal({}.polluted, undefined);
  assert.equal([].polluted, undefined);
  assert.equal(Object.prototype.polluted, undefined);
}

// ---------------------------------------------------------------------------------------
// __proto__ in both directions

test("__proto__, constructor and prototype tag keys reach the server as data and come back as own properties", async () => {
  const before = prototypeKeys();
  const tags = JSON.parse('{"__proto__":"p1","constructor":"c1","prototype":"x1","toString":"t1","hasOwnProperty":"h1"}');
  const properties = JSON.parse('{"__proto__":"pp","constructor":null}');
  const c = client();
  const first = await c.getOrCreateConversation({ channel: "web", tags, properties });

  const [req] = await emu.requests();
  assert.match(req.body, /"__proto__":"p1"/);
  assert.match(req.body, /"constructor":"c1"/);
  const sent = JSON.parse(req.body);
  ownData(sent.tags, "__proto__", "p1", "sent tags");
  ownData(sent.properties, "__proto__", "pp", "sent properties");

  const got = first.conversation.tags;
  for (const [k, v] of Object.entries({ __proto__: "p1", constructor: "c1", prototype: "x1", toString: "t1", hasOwnProperty: "h1" })) {
    ownData(got, k, v, `response tags.${k}`);
  }
  ownData(first.conversation.properties, "__proto__", "pp", "response properties");
  assert.equal(typeof first.conversation.toString, "function", "the conversation object itself keeps Object.prototype");

  // The keys are data the server matched on: the same tags find the same conversation.
  const again = await c.getOrCreateConversation({ channel: "web", tags });
  assert.equal(again.conversation.id, first.conversation.id);
  assert.equal(again.meta.created, false);
  assertNoPollution(before);
});

test("a custom payload and tags with __proto__ / constructor.prototype travel as data in a message", async () => {
  const before = prototypeKeys();
  const c = client();
  const { conversation } = await c.getOrCreateConversation(conversationBody({ t: "proto-msg" }));
  await emu.clearRequests();
  const payload = JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"nested":{"__proto__":[1]}}');
  const tags = JSON.parse('{"__proto__":"m1"}');
  const out = await c.getOrCreateMessage({ type: "custom", payload, userId: USER_ID, conversationId: conversation.id, tags });

  const sent = JSON.parse((await emu.requests())[0].body);
  ownData(sent.payload, "__proto__", { polluted: 1 }, "sent payload");
  ownData(sent.tags, "__proto__", "m1", "sent tags");
  ownData(out.message.payload, "__proto__", { polluted: 1 }, "response payload");
  ownData(out.message.payload, "constructor", { prototype: { polluted: 1 } }, "response payload");
  ownData(out.message.payload.nested, "__proto__", [1], "response payload.nested");
  ownData(out.message.tags, "__proto__", "m1", "response tags");
  assertNoPollution(before);
});

test("server answers with __proto__ keys (response body, ApiError.metadata) pollute nothing", async () => {
  const before = prototypeKeys();
  const evil = '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}';
  await emu.faults({
    status: 400,
    body: `{"__proto__":{"polluted":1},"id":"err_1","code":400,"type":"InvalidPayload","message":"m","metadata":${evil}}`,
  });
  const e = await rejection(client().getOrCreateConversation(conversationBody()));
  assert.ok(e instanceof ApiError, `${e}`);
  assert.equal(e.type, "InvalidPayload");
  ownData(e.metadata, "__proto__", { polluted: 1 }, "ApiError.metadata");
  assert.equal(Object.getPrototypeOf(e), ApiError.prototype);
  assert.equal(e.polluted, undefined);

  // A 2xx whose body carries __proto__ at every level.
  const conv = `{"__proto__":{"polluted":1},"id":"conv_1","createdAt":"x","updatedAt":"x","channel":"web","integration":"i","tags":{"__proto__":"t","constructor":"c"},"extra":${evil}}`;
  await emu.faults({ status: 200, body: `{"__proto__":{"polluted":1},"conversation":${conv}}` });
  const out = await client().getOrCreateConversation(conversationBody());
  ownData(out, "__proto__", { polluted: 1 }, "output");
  ownData(out.conversation, "__proto__", { polluted: 1 }, "output.conversation");
  ownData(out.conversation.tags, "__proto__", "t", "output.conversation.tags");
  ownData(out.conversation.extra, "constructor", { prototype: { polluted: 1 } }, "output.conversation.extra");
  assertNoPollution(before);
});

// ---------------------------------------------------------------------------------------
// Redirects never carry the token elsewhere

test("a 3xx whose Location names another origin is not followed: that origin receives nothing", async () => {
  for (const status of [301, 302, 303, 307, 308]) {
    for (const location of [`${other.url}/steal`, `//127.0.0.1:${other.address().port}/steal`, `${other.url}${CONV_PATH}`]) {
      await emu.reset();
      await emu.faults({ status, headers: { location } });
      const e = await rejection(client({ maxRetries: 2 }).getOrCreateConversation(conversationBody()));
      assert.ok(e instanceof BotpressError, `${status} ${location}: ${e}`);
      assertNoSecret(e, TOKEN);
      assert.equal((await emu.requests()).length, 1, `${status}: one request to baseUrl, no retry`);
    }
  }
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(otherHits, [], "the other origin was contacted");
});

test("an injected fetch only ever sees baseUrl and redirect: 'manual', whatever the answers say", async () => {
  const seen = [];
  const answers = [
    () => new Response("", { status: 307, headers: { location: `${other.url}/x` } }),
    () => new Response("", { status: 503, headers: { location: `${other.url}/y`, "retry-after": "0", "content-location": `${other.url}/z` } }),
    () => new Response("", { status: 302, headers: { location: "https://evil.example/" } }),
    () => ({ status: 0, type: "opaqueredirect", headers: new Headers(), text: async () => "" }),
  ];
  for (const answer of answers) {
    const c = new Client({
      token: TOKEN,
      botId: "b",
      baseUrl: "http://127.0.0.1:9/base",
      maxRetries: 1,
      fetch: async (url, init) => {
        seen.push({ url, redirect: init.redirect, authorization: init.headers.authorization });
        return answer();
      },
    });
    const e = await rejection(c.getOrCreateConversation(conversationBody()));
    assert.ok(e instanceof BotpressError, `${e}`);
    assertNoSecret(e, TOKEN);
  }
  assert.ok(seen.length >= answers.length);
  for (const s of seen) {
    assert.equal(s.url, `http://127.0.0.1:9/base${CONV_PATH}`);
    assert.equal(s.redirect, "manual");
    assert.equal(s.authorization, `Bearer ${TOKEN}`);
  }
});

// ---------------------------------------------------------------------------------------
// Header injection: every field, every position, values and names

test("CR, LF or NUL anywhere in token, botId, integrationId, integrationAlias, a header value or name: ValidationError, nothing sent", async () => {
  let injected = 0;
  const fetch = async () => {
    injected++;
    return new Response("{}");
  };
  const fields = ["token", "botId", "integrationId", "integrationAlias", "headerValue", "headerName"];
  const chars = ["\r", "\n", "\0", "\r\n", "\n\r"];
  const placements = [(c) => `${c}v_SECRET_x`, (c) => `v_SECRET${c}x`, (c) => `v_SECRET_x${c}`, (c) => `${c}`];
  let cases = 0;
  for (const field of fields) {
    for (const ch of chars) {
      for (const place of placements) {
        const bad = place(ch);
        const options = { token: TOKEN, botId: "b", baseUrl: emu.url };
        let path;
        if (field === "headerValue") {
          options.headers = { "x-extra": bad };
          path = 'headers["x-extra"]';
        } else if (field === "headerName") {
          options.headers = { [`x-${bad}`]: "v" };
          path = `headers[${JSON.stringify(`x-${bad}`)}]`;
        } else {
          options[field] = bad;
          path = field;
        }
        const label = `${field} ${JSON.stringify(bad)}`;
        const e = thrown(() => new Client(options));
        assert.ok(e instanceof ValidationError, label);
        assert.ok(e.issues.some((i) => i.path === path && (i.code === "header_value" || i.code === "format")), `${label}: ${JSON.stringify(e.issues)}`);
        if (field !== "headerName") {
          for (const text of [e.message, ...e.issues.map((i) => i.message)]) {
            assert.ok(!text.includes("v_SECRET"), `${label}: the value is quoted in ${JSON.stringify(text)}`);
          }
        }
        assertNoSecret(e, TOKEN);
        // The one-shot forms check the same options, with the real fetch and with an injected one.
        assert.ok((await rejection(getOrCreateConversation(options, conversationBody()))) instanceof ValidationError, label);
        assert.ok((await rejection(getOrCreateMessage({ ...options, fetch }, messageBody("conv_00000000000000000000000000")))) instanceof ValidationError, label);
        cases++;
      }
    }
  }
  assert.equal(cases, fields.length * chars.length * placements.length);
  assert.equal(injected, 0, "the injected fetch was called");
  assert.deepEqual(await emu.requests(), [], "the emulator received a request");
});

test("header values outside Latin-1 are refused before sending (fetch would throw on them)", async () => {
  for (const v of ["\u0100", "tok\u2028en", "\u{1F600}", "\ud800"]) {
    for (const field of ["token", "botId", "integrationId", "integrationAlias"]) {
      const e = thrown(() => new Client({ token: TOKEN, botId: "b", baseUrl: emu.url, [field]: v }));
      assert.ok(e instanceof ValidationError, `${field} ${JSON.stringify(v)}`);
      assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [[field, "header_value"]]);
    }
    const e = thrown(() => new Client({ token: TOKEN, botId: "b", headers: { "x-a": v } }));
    assert.deepEqual(e.issues.map((i) => i.code), ["header_value"]);
  }
  assert.deepEqual(await emu.requests(), []);
});

test("headers fetch would refuse are a ValidationError up front: forbidden names, DEL, VT and other control characters", async () => {
  let injected = 0;
  const fetch = async () => {
    injected++;
    return new Response("{}");
  };
  // Before: these passed validation, then failed every attempt as retried NetworkErrors, or
  // (content-length) hung each attempt until timeoutMs: about 3 minutes with the defaults.
  const names = ["transfer-encoding", "keep-alive", "expect", "upgrade", "content-length", "Connection", "host", "te", "trailer", "via", "proxy-authorization", "sec-fetch-site", "cookie", "accept-encoding"];
  for (const name of names) {
    const options = { token: TOKEN, botId: "b", baseUrl: emu.url, headers: { [name]: name === "content-length" ? "5" : "x" } };
    const started = Date.now();
    const e = thrown(() => new Client(options));
    assert.ok(e instanceof ValidationError, name);
    const path = /^[A-Za-z_$][\w$]*$/.test(name) ? `headers.${name}` : `headers[${JSON.stringify(name)}]`;
    assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [[path, "reserved"]], name);
    const r = await rejection(getOrCreateConversation(options, conversationBody()));
    assert.ok(r instanceof ValidationError, `${name}: ${r}`);
    assert.ok((await rejection(getOrCreateConversation({ ...options, fetch }, conversationBody()))) instanceof ValidationError, name);
    assert.ok(Date.now() - started < 1000, `${name}: refused at once`);
  }
  for (const value of ["TRACE", "get, CONNECT"]) {
    const e = thrown(() => new Client({ token: TOKEN, botId: "b", headers: { "x-http-method-override": value } }));
    assert.deepEqual(e.issues.map((i) => i.code), ["reserved"], value);
  }
  // Every control character but a tab, in every header-bearing option.
  const controls = [...Array(32).keys(), 127].filter((c) => c !== 9).map((c) => String.fromCharCode(c));
  for (const ch of controls) {
    for (const field of ["token", "botId", "integrationId", "integrationAlias", "header"]) {
      const bad = `v_SECRET${ch}x`;
      const options = { token: TOKEN, botId: "b", baseUrl: emu.url, ...(field === "header" ? { headers: { "x-a": bad } } : { [field]: bad }) };
      const e = thrown(() => new Client(options));
      const label = `${field} U+${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
      assert.ok(e instanceof ValidationError, label);
      assert.deepEqual(e.issues.map((i) => i.code), ["header_value"], label);
      assert.ok(!e.message.includes("v_SECRET"), `${label}: the value is quoted`);
      assertNoSecret(e, TOKEN);
    }
    // What the check follows: Node's fetch itself refuses such a value.
    await assert.rejects(globalThis.fetch(`${emu.url}/__emulator/health`, { headers: { "x-a": `a${ch}b` } }), TypeError);
  }
  // A tab and Latin-1 are fine, and are sent as they are.
  await client({ headers: { "x-tab": "a\tb", "x-latin": "caf\u00e9", "x-http-method-override": "PATCH" } }).getOrCreateConversation(conversationBody());
  const [req] = await emu.requests();
  assert.equal(req.headers["x-tab"], "a\tb");
  assert.equal(req.headers["x-http-method-override"], "PATCH");
  assert.equal(injected, 0, "the injected fetch was called");
  assert.equal((await emu.requests()).length, 1, "only the valid call reached the server");
});

// ---------------------------------------------------------------------------------------
// Plain http only to loopback, as the WHATWG URL parser (fetch's) reads the host

function isLoopbackHost(hostname) {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

test("http baseUrls that only look like loopback are refused", () => {
  for (const baseUrl of [
    "http://127.0.0.1@evil.example",
    "http://evil.example#@127.0.0.1",
    "http://evil.example?@127.0.0.1",
    "http://localhost.evil.example",
    "http://localhost%2eevil.example",
    "http://127.0.0.1%2f@evil.example",
    "http://127.0.0.1\\@evil.example",
    "http://127.0.0.1:80@evil.example",
    "http://[::1]@evil.example",
    "http://[::ffff:8.8.8.8]",
    "http://[::]",
    "http://0.0.0.0",
    "http://128.0.0.1",
    "http://126.255.255.255",
    "http://127.0.0.1.nip.io",
    "http://evil.example/127.0.0.1",
    "http://evil.example\\127.0.0.1",
    "http:/\\evil.example",
    "http:evil.example",
    "http:\\\\evil.example",
    "http://evil.example:8080",
    "HTTP://EVIL.EXAMPLE",
    " http://127.0.0.1",
    "http://127.0.0.1 ",
    "http://loc\talhost",
    "http://local\nhost",
    "http://evil\u3002example",
    "http://ｅvil.example",
    "//127.0.0.1",
    "ws://127.0.0.1",
    "file:///etc/passwd",
    "javascript:alert(1)",
  ]) {
    const e = thrown(() => new Client({ token: TOKEN, botId: "b", baseUrl }));
    assert.ok(e instanceof ValidationError, JSON.stringify(baseUrl));
    assert.deepEqual(e.issues.map((i) => i.path), ["baseUrl"], JSON.stringify(baseUrl));
  }
});

test("every accepted baseUrl sends to its own origin; every accepted http one is loopback to Node's URL parser", async () => {
  const schemes = ["http://", "https://", "HTTP://", "hTTps://"];
  const hosts = ["127.0.0.1", "127.1.2.3", "127.255.255.255", "127.0.0.01", "127.000.000.001", "localhost", "LocalHost", "[::1]", "[0:0:0:0:0:0:0:1]", "evil.example", "127.0.0.1.evil.example", "0x7f.0.0.1", "2130706433", "[::ffff:127.0.0.1]", "xn--nxasmq6b.example"];
  const ports = ["", ":1", ":8787", ":65535", ":080"];
  const paths = ["", "/", "/base", "/a/b/", "//x", "/./..", "/%2e%2e/"];
  let accepted = 0;
  let refused = 0;
  for (const scheme of schemes) {
    for (const host of hosts) {
      for (const port of ports) {
        for (const path of paths) {
          const baseUrl = scheme + host + port + path;
          const urls = [];
          let c;
          try {
            c = new Client({ token: TOKEN, botId: "b", baseUrl, maxRetries: 0, fetch: async (url) => (urls.push(url), new Response("{}", { status: 500 })) });
          } catch (e) {
            assert.ok(e instanceof ValidationError, baseUrl);
            refused++;
            continue;
          }
          accepted++;
          const parsed = new URL(baseUrl);
          if (parsed.protocol === "http:") assert.ok(isLoopbackHost(parsed.hostname), `plain http to ${parsed.hostname} accepted: ${baseUrl}`);
          await rejection(c.getOrCreateConversation(conversationBody()));
          assert.equal(urls.length, 1, baseUrl);
          assert.equal(new URL(urls[0]).origin, parsed.origin, `${baseUrl} sent to ${urls[0]}`);
          assert.ok(new URL(urls[0]).pathname.endsWith(CONV_PATH), urls[0]);
          c.free();
        }
      }
    }
  }
  assert.ok(accepted > 100 && refused > 100, `${accepted} accepted, ${refused} refused`);
});

// ---------------------------------------------------------------------------------------
// The token leaks nowhere

test("the token is in no error of any class, no cause, no log line, and not in the client object", async () => {
  const logged = [];
  const methods = ["log", "info", "warn", "error", "debug", "trace"];
  const saved = methods.map((m) => console[m]);
  methods.forEach((m) => (console[m] = (...args) => logged.push(util.format(...args))));
  const errors = [];
  try {
    const c = (fetch, extra = {}) => new Client({ token: TOKEN, botId: "b", baseUrl: "http://127.0.0.1:9", maxRetries: 0, fetch, ...extra });
    const echo = `Bearer ${TOKEN}`;
    // TimeoutError: a fetch that only ends when aborted, with a reason naming the token.
    errors.push(await rejection(c((url, init) => new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(new Error(`aborted ${echo}`)))), { timeoutMs: 20 }).getOrCreateConversation(conversationBody())));
    // InvalidResponseError: non-JSON and wrong-shape 2xx bodies echoing the token.
    errors.push(await rejection(c(async () => new Response(`not json ${echo}`)).getOrCreateConversation(conversationBody())));
    errors.push(await rejection(c(async () => new Response(JSON.stringify({ conversation: { id: TOKEN, tags: TOKEN } }))).getOrCreateConversation(conversationBody())));
    errors.push(await rejection(c(async () => ({ status: echo, text: echo })).getOrCreateConversation(conversationBody())));
    // ApiError: the token in type, id, message, metadata keys and values, x-request-id.
    const apiBody = { id: `err_${TOKEN}`, code: 401, type: TOKEN, message: echo, metadata: { [TOKEN]: [echo, { [echo]: TOKEN }] } };
    errors.push(await rejection(c(async () => new Response(JSON.stringify(apiBody), { status: 401, headers: { "x-request-id": TOKEN } })).getOrCreateConversation(conversationBody())));
    // NetworkError: thrown values of every kind that mention the token.
    for (const t of [new Error(echo), echo, { message: echo, config: { headers: { authorization: echo } } }, new TypeError("fetch failed", { cause: new Error(echo) })]) {
      errors.push(await rejection(c(() => { throw t; }).getOrCreateConversation(conversationBody())));
    }
    // AbortError: the caller's reason mentions the token.
    const ac = new AbortController();
    ac.abort(new Error(`caller gave up on ${echo}`));
    errors.push(await rejection(c(async () => new Response("{}")).getOrCreateConversation(conversationBody(), { signal: ac.signal })));
    // ValidationError: a bad body, bad request options, bad client options around the token.
    errors.push(await rejection(c(async () => new Response("{}")).getOrCreateConversation({ channel: 1, tags: { t: 2 } })));
    errors.push(await rejection(c(async () => new Response("{}")).getOrCreateConversation(conversationBody(), { timeoutMs: -1, retries: 1 })));
    errors.push(thrown(() => new Client({ token: TOKEN, botId: "", baseUrl: "http://evil.example", headers: { authorization: echo } })));
    for (const e of errors) {
      assert.ok(e instanceof BotpressError, `${e}`);
      assertNoSecret(e, TOKEN);
    }
    assert.deepEqual(
      errors.map((e) => e.name),
      ["TimeoutError", "InvalidResponseError", "InvalidResponseError", "InvalidResponseError", "ApiError", "NetworkError", "NetworkError", "NetworkError", "NetworkError", "AbortError", "ValidationError", "ValidationError", "ValidationError"],
    );
    // The client object shows nothing either.
    const client = c(async () => new Response("{}"));
    for (const view of [util.inspect(client, { showHidden: true, depth: 5 }), JSON.stringify(client) ?? "", String(client), Object.keys(client).join()]) {
      assert.ok(!view.includes(TOKEN), `the client shows the token: ${view.slice(0, 200)}`);
    }
  } finally {
    methods.forEach((m, i) => (console[m] = saved[i]));
  }
  assert.deepEqual(logged, [], "the package logged something");
});

test(
  "the token is in no cause that holds it in a non-enumerable field (AggregateError.errors, a hidden config)",
  async () => {
    const echo = `Bearer ${TOKEN}`;
    const hidden = Object.defineProperty(new Error("request failed"), "config", { value: { headers: { authorization: echo } }, enumerable: false });
    for (const t of [new AggregateError([new Error(echo)], "connect failed"), hidden]) {
      const c = new Client({ token: TOKEN, botId: "b", maxRetries: 0, fetch: () => Promise.reject(t) });
      const e = await rejection(c.getOrCreateConversation(conversationBody()));
      assert.ok(e instanceof NetworkError);
      assertNoSecret(e, TOKEN);
    }
  },
);

test("no route to the token from a NetworkError's cause: a Request, Headers, a Map, a Symbol-keyed field, a prototype getter", async () => {
  const auth = `Bearer ${TOKEN}`;
  class HttpError extends Error {
    get request() {
      return { headers: { authorization: auth } };
    }
  }
  // What fetch wrappers (ky, axios-style) attach to their errors, and other hiding places.
  const causes = {
    "a Request": () => Object.assign(new TypeError("fetch failed"), { request: new Request("http://127.0.0.1:9/x", { headers: { authorization: auth } }) }),
    "Headers": () => Object.assign(new Error("failed"), { headers: new Headers({ authorization: auth }) }),
    "a Map": () => Object.assign(new Error("failed"), { options: new Map([["authorization", auth]]) }),
    "a Set": () => Object.assign(new Error("failed"), { seen: new Set([auth]) }),
    "a Symbol-keyed field": () => Object.assign(new Error("failed"), { [Symbol("request")]: { authorization: auth } }),
    "a Symbol key": () => Object.assign(new Error("failed"), { [Symbol(auth)]: 1 }),
    "a prototype getter": () => new HttpError("failed"),
    "an own getter": () => Object.defineProperty(new Error("failed"), "request", { get: () => auth, enumerable: true }),
    "a function": () => Object.assign(new Error("failed"), { token: () => auth }),
    "a nested cause": () => new TypeError("fetch failed", { cause: Object.assign(new Error("inner"), { request: new Request("http://x/", { headers: { authorization: auth } }) }) }),
    "an AggregateError": () => new AggregateError([Object.assign(new Error("a"), { h: new Headers({ authorization: auth }) })], "all failed"),
    "a Proxy": () => new Proxy(new Error("failed"), { get: (t, k) => (k === "secret" ? auth : Reflect.get(t, k)) }),
    "a plain object": () => ({ message: "failed", request: new Request("http://x/", { headers: { authorization: auth } }) }),
  };
  for (const [label, make] of Object.entries(causes)) {
    for (const how of ["rejects", "throws"]) {
      const c = new Client({ token: TOKEN, botId: "b", maxRetries: 0, fetch: how === "rejects" ? async () => Promise.reject(make()) : () => { throw make(); } });
      const e = await rejection(c.getOrCreateConversation(conversationBody()));
      assert.ok(e instanceof NetworkError, `${label}: ${e}`);
      const text = util.inspect(e, { showHidden: true, getters: true, depth: 10 });
      assert.ok(!text.includes(TOKEN), `${label}: util.inspect shows the token`);
      assert.equal(e.cause?.request?.headers?.get?.("authorization"), undefined, label);
      assert.equal(e.cause?.secret, undefined, label);
      assertNoSecret(e, TOKEN);
    }
  }
});

test("a NetworkError's cause keeps what helps: name, message, code and the other plain fields, nested causes", async () => {
  const inner = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED", errno: -111, syscall: "connect", address: "127.0.0.1", port: 9 });
  const c = new Client({ token: TOKEN, botId: "b", maxRetries: 0, fetch: async () => Promise.reject(new TypeError("fetch failed", { cause: inner })) });
  const e = await rejection(c.getOrCreateConversation(conversationBody()));
  assert.ok(e instanceof NetworkError);
  assert.ok(e.cause instanceof Error);
  assert.equal(e.cause.name, "TypeError");
  assert.equal(e.cause.message, "fetch failed");
  assert.ok(e.cause.cause instanceof Error);
  assert.deepEqual(
    { message: e.cause.cause.message, code: e.cause.cause.code, errno: e.cause.cause.errno, syscall: e.cause.cause.syscall, address: e.cause.cause.address, port: e.cause.cause.port },
    { message: inner.message, code: "ECONNREFUSED", errno: -111, syscall: "connect", address: "127.0.0.1", port: 9 },
  );
  assert.match(e.message, /fetch failed \(connect ECONNREFUSED/);
  // A DOMException or a custom error keeps its name; a string stays a string.
  for (const [thrown, check] of [
    [new DOMException("The network connection was lost.", "NetworkError"), (x) => x.name === "NetworkError" && x.message === "The network connection was lost."],
    [Object.assign(new (class KyError extends Error {})("ky failed"), { name: "HTTPError" }), (x) => x.name === "HTTPError" && x.message === "ky failed"],
    [`refused with ${TOKEN}`, (x) => x === "refused with [redacted]"],
  ]) {
    const c2 = new Client({ token: TOKEN, botId: "b", maxRetries: 0, fetch: async () => Promise.reject(thrown) });
    const e2 = await rejection(c2.getOrCreateConversation(conversationBody()));
    assert.ok(check(e2.cause), util.inspect(e2.cause));
  }
});

test("a huge cause graph (AggregateErrors of AggregateErrors) is copied within bounds, at once", async () => {
  const wide = (depth) => new AggregateError(Array.from({ length: 12 }, () => (depth ? wide(depth - 1) : new Error(`leaf Bearer ${TOKEN}`))), `level ${depth}`, { cause: depth ? wide(0) : undefined });
  const thrown = wide(3); // 12^4 leaves, a cause on every node
  const c = new Client({ token: TOKEN, botId: "b", maxRetries: 0, fetch: async () => Promise.reject(thrown) });
  const started = Date.now();
  const e = await rejection(c.getOrCreateConversation(conversationBody()));
  assert.ok(e instanceof NetworkError);
  assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  assert.equal(e.cause.message, "level 3");
  assert.ok(Array.isArray(e.cause.errors) && e.cause.errors.length <= 16);
  assertNoSecret(e, TOKEN);
});

test("an abort reason that could lead to the token is replaced by a copy; a plain one is kept as is", async () => {
  const auth = `Bearer ${TOKEN}`;
  const c = new Client({ token: TOKEN, botId: "b", fetch: async () => new Response("{}") });
  for (const reason of [new Map([["a", auth]]), Object.assign(new Error("stop"), { [Symbol("s")]: auth }), new Request("http://x/", { headers: { authorization: auth } })]) {
    const e = await rejection(c.getOrCreateConversation(conversationBody(), { signal: AbortSignal.abort(reason) }));
    assert.ok(e instanceof AbortError);
    assert.notEqual(e.cause, reason);
    assertNoSecret(e, TOKEN);
  }
  class Shutdown extends Error {}
  for (const reason of [new Shutdown("bye"), { why: "plain" }, "stop", new DOMException("x", "TimeoutError")]) {
    const e = await rejection(c.getOrCreateConversation(conversationBody(), { signal: AbortSignal.abort(reason) }));
    assert.equal(e.cause, reason);
  }
});

test("redaction comes after parsing: a token that occurs in the error body's JSON text keeps the real type", async () => {
  const body = JSON.stringify({ id: "err_1", code: 404, type: "ResourceNotFound", message: "nothing here", metadata: { a: 1 } });
  // Tokens made of the body's own text (header-safe: Latin-1, no control characters).
  for (const token of ['"code":404', '","', ':404,"type":"', '{"id"', "ResourceNotFound"]) {
    const c = new Client({ token, botId: "b", maxRetries: 0, fetch: async () => new Response(body, { status: 404, headers: { "x-request-id": "req_1" } }) });
    const e = await rejection(c.getOrCreateConversation(conversationBody()));
    assert.ok(e instanceof ApiError, `${token}: ${e}`);
    assert.equal(e.status, 404);
    if (token !== "ResourceNotFound") {
      assert.equal(e.type, "ResourceNotFound", `token ${token}`);
      assert.equal(e.id, "err_1", `token ${token}`);
      assert.deepEqual(e.metadata, { a: 1 });
    }
  }
  // The token echoed in fields is still redacted, field by field.
  const echo = JSON.stringify({ id: `err_${TOKEN}`, code: 401, type: "Unauthorized", message: `bad token ${TOKEN}`, metadata: { [TOKEN]: TOKEN } });
  const c = new Client({ token: TOKEN, botId: "b", maxRetries: 0, fetch: async () => new Response(echo, { status: 401 }) });
  const e = await rejection(c.getOrCreateConversation(conversationBody()));
  assert.equal(e.type, "Unauthorized");
  assert.equal(e.message, "401 Unauthorized: bad token [redacted]");
  assert.equal(e.id, "err_[redacted]");
  assert.deepEqual(e.metadata, { "[redacted]": "[redacted]" });
  assertNoSecret(e, TOKEN);
});

test(
  "the token is in no ValidationError issue either (an unknown key or a thrown message that contains it)",
  async () => {
    const c = new Client({ token: TOKEN, botId: "b", fetch: async () => new Response("{}") });
    const body = { channel: "web", tags: {}, [TOKEN]: 1 };
    Object.defineProperty(body, "x", { enumerable: true, get() { throw new Error(`no access with ${TOKEN}`); } });
    const e = await rejection(c.getOrCreateConversation(body));
    assert.ok(e instanceof ValidationError);
    assertNoSecret(e, TOKEN);
  },
);

// ---------------------------------------------------------------------------------------
// Inputs that broke the instance or hung a call

test(
  "a boxed BigInt where any JSON value is allowed is reported, not silently sent as {}",
  async () => {
    const body = { type: "custom", payload: { n: Object(1n) }, userId: USER_ID, conversationId: USER_ID, tags: {} };
    assert.throws(() => JSON.stringify(body), TypeError);
    assert.notDeepEqual(validateGetOrCreateMessage(body), []);
  },
);

test(
  "a sparse array of length 2**32-1 gives an issue quickly and leaves the instance working",
  () => {
    // In a child process: before the fix this trapped the wasm instance, which must not
    // break the rest of this file if it ever comes back.
    const script = `
      const { validateGetOrCreateConversation: v } = require("botpress-chat-wasm");
      const a = []; a.length = 2 ** 32 - 1;
      const issues = v({ channel: 1n, tags: {}, discriminateByTags: a });
      if (!Array.isArray(issues) || issues.length === 0) throw new Error("no issue");
      if (v({ channel: "web", tags: {} }).length !== 0) throw new Error("instance broken");
    `;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, timeout: 3_000, encoding: "utf8" });
    assert.equal(r.status, 0, `exit ${r.status} signal ${r.signal}: ${(r.stderr || "").slice(0, 500)}`);
  },
);

test(
  "timeoutMs bounds a call even when an injected fetch (or its text()) ignores the abort signal",
  async () => {
    const hang = () => new Promise(() => {});
    for (const fetch of [hang, async () => ({ status: 200, headers: new Headers(), text: hang })]) {
      const c = new Client({ token: TOKEN, botId: "b", fetch, timeoutMs: 50, maxRetries: 0 });
      const outcome = await Promise.race([
        c.getOrCreateConversation(conversationBody()).then(() => "resolved", (e) => e),
        new Promise((r) => setTimeout(() => r("still pending after 1 s"), 1_000).unref()),
      ]);
      assert.ok(outcome instanceof TimeoutError, String(outcome));
    }
  },
);
