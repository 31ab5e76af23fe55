// validateGetOrCreateConversation / validateGetOrCreateMessage never throw, whatever they are
// given, and always answer an array of {path, code, message} naming the field at fault.

import { test } from "node:test";
import assert from "node:assert/strict";
import { validateGetOrCreateConversation, validateGetOrCreateMessage } from "botpress-chat-wasm";
import { USER_ID } from "./helpers/util.mjs";

const CONV_ID = "conv_01HZY0000000000000000000AB";
const conv = (extra = {}) => ({ channel: "web", tags: { a: "1" }, ...extra });
const msg = (extra = {}) => ({ type: "text", payload: { text: "hi" }, userId: USER_ID, conversationId: CONV_ID, tags: {}, ...extra });

/**
 * Runs a validator; fails on a throw or a malformed answer (every issue is {path, code,
 * message}, and the message names the full path of a nested field); returns the issues.
 */
function check(validate, value, { namesField = true } = {}) {
  let issues;
  assert.doesNotThrow(() => {
    issues = validate(value);
  });
  assert.ok(Array.isArray(issues), "an array");
  for (const i of issues) {
    assert.deepEqual(Object.keys(i).sort(), ["code", "message", "path"]);
    assert.equal(typeof i.path, "string");
    assert.match(i.code, /^[a-z_]+$/);
    assert.equal(typeof i.message, "string");
    assert.ok(i.message.length > 0);
    if (namesField && i.path !== "") {
      assert.ok(i.message.includes(i.path), `the message names ${i.path}: ${i.message}`);
    }
  }
  return issues;
}

const pairs = (issues) => issues.map((i) => [i.path, i.code]);
const both = [
  ["validateGetOrCreateConversation", validateGetOrCreateConversation],
  ["validateGetOrCreateMessage", validateGetOrCreateMessage],
];

function revokedProxy(target = {}) {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

const throwingTraps = new Proxy(
  {},
  {
    get() {
      throw new Error("get trap");
    },
    ownKeys() {
      throw new Error("ownKeys trap");
    },
    getOwnPropertyDescriptor() {
      throw new Error("gopd trap");
    },
    has() {
      throw new Error("has trap");
    },
    getPrototypeOf() {
      throw new Error("getPrototypeOf trap");
    },
  },
);

test("a non-object body: one issue at the root, never a throw", () => {
  const cases = [
    [null, "type"],
    [undefined, "required"],
    [[], "type"],
    [[{ channel: "web", tags: {} }], "type"],
    [0, "type"],
    [42.5, "type"],
    [NaN, "type"],
    [Infinity, "type"],
    [10n, "type"],
    [Symbol("s"), "type"],
    [() => ({ channel: "web", tags: {} }), "type"],
    [class {}, "type"],
    ["{\"channel\":\"web\",\"tags\":{}}", "type"],
    [true, "type"],
  ];
  for (const [name, validate] of both) {
    for (const [value, code] of cases) {
      const issues = check(validate, value);
      assert.deepEqual(pairs(issues), [["", code]], `${name}(${String(typeof value === "symbol" ? "Symbol" : value)})`);
    }
    // No argument at all, or extra arguments.
    assert.deepEqual(pairs(check(() => validate(), undefined)), [["", "required"]]);
  }
  assert.deepEqual(validateGetOrCreateConversation(conv(), "extra", 1), []);
});

test("valid bodies give []", () => {
  assert.deepEqual(check(validateGetOrCreateConversation, conv()), []);
  assert.deepEqual(check(validateGetOrCreateMessage, msg()), []);
  // null-prototype and frozen objects are ordinary objects.
  assert.deepEqual(check(validateGetOrCreateConversation, Object.assign(Object.create(null), conv())), []);
  assert.deepEqual(check(validateGetOrCreateMessage, Object.freeze(msg())), []);
  // toJSON at the root is honoured, as JSON.stringify does.
  assert.deepEqual(check(validateGetOrCreateConversation, { toJSON: () => conv() }), []);
});

test("__proto__ keys (JSON.parse, defineProperty) are plain keys and pollute nothing", () => {
  const parsed = JSON.parse('{"channel":"web","tags":{},"__proto__":{"polluted":1}}');
  assert.deepEqual(pairs(check(validateGetOrCreateConversation, parsed)), [["__proto__", "unknown_field"]]);

  const defined = conv();
  Object.defineProperty(defined, "__proto__", { value: { polluted: 1 }, enumerable: true, configurable: true, writable: true });
  assert.deepEqual(pairs(check(validateGetOrCreateConversation, defined)), [["__proto__", "unknown_field"]]);

  // Where any key is allowed (tags, custom payloads, extra payload keys) it is just a key.
  assert.deepEqual(check(validateGetOrCreateConversation, JSON.parse('{"channel":"web","tags":{"__proto__":"x"}}')), []);
  assert.deepEqual(
    pairs(check(validateGetOrCreateConversation, JSON.parse('{"channel":"web","tags":{"__proto__":{"a":1}}}'))),
    [["tags.__proto__", "type"]],
  );
  assert.deepEqual(check(validateGetOrCreateMessage, msg({ type: "custom", payload: JSON.parse('{"__proto__":{"polluted":1}}') })), []);
  assert.deepEqual(check(validateGetOrCreateMessage, msg({ payload: JSON.parse('{"text":"x","__proto__":{"polluted":1}}') })), []);
  assert.equal({}.polluted, undefined);
  assert.equal(Object.prototype.polluted, undefined);
});

test("getters that throw: the field is reported unreadable, whatever was thrown", () => {
  const throwers = [
    () => {
      throw new Error("boom");
    },
    () => {
      throw 42;
    },
    () => {
      throw null;
    },
    () => {
      throw Symbol("s");
    },
    () => {
      // A thrown value whose own `message` getter throws.
      throw new Proxy({}, { get() { throw new Error("inner"); } });
    },
    () => {
      throw revokedProxy();
    },
  ];
  for (const thrower of throwers) {
    const body = { channel: "web" };
    Object.defineProperty(body, "tags", { get: thrower, enumerable: true });
    assert.deepEqual(pairs(check(validateGetOrCreateConversation, body)), [["tags", "unreadable"]]);

    const payload = { imageUrl: "u" };
    Object.defineProperty(payload, "title", { get: thrower, enumerable: true });
    assert.deepEqual(pairs(check(validateGetOrCreateMessage, msg({ type: "image", payload }))), [["payload.title", "unreadable"]]);
  }
  const first = check(validateGetOrCreateConversation, { channel: "web", get tags() { throw new Error("boom tags"); } });
  assert.match(first[0].message, /boom tags/);
});

test("Proxy with throwing traps, and revoked proxies, at the root and nested", () => {
  for (const [, validate] of both) {
    assert.deepEqual(pairs(check(validate, throwingTraps)), [["", "unreadable"]]);
    assert.deepEqual(pairs(check(validate, revokedProxy())), [["", "unreadable"]]);
    assert.deepEqual(pairs(check(validate, revokedProxy([]))), [["", "unreadable"]]);
  }
  assert.deepEqual(pairs(check(validateGetOrCreateConversation, conv({ tags: throwingTraps }))), [["tags", "unreadable"]]);
  assert.deepEqual(pairs(check(validateGetOrCreateConversation, conv({ tags: revokedProxy() }))), [["tags", "unreadable"]]);
  assert.deepEqual(pairs(check(validateGetOrCreateConversation, conv({ discriminateByTags: revokedProxy([]) }))), [
    ["discriminateByTags", "unreadable"],
  ]);
  const arrayTrap = new Proxy(["a"], { get(t, k) { if (k === "0") throw new Error("item"); return Reflect.get(t, k); } });
  assert.deepEqual(pairs(check(validateGetOrCreateConversation, conv({ discriminateByTags: arrayTrap }))), [
    ["discriminateByTags[0]", "unreadable"],
  ]);
  assert.deepEqual(pairs(check(validateGetOrCreateMessage, msg({ type: "custom", payload: { deep: { p: revokedProxy() } } }))), [
    ["payload.deep.p", "unreadable"],
  ]);
  // A well-behaved proxy is read like the object it wraps.
  assert.deepEqual(check(validateGetOrCreateConversation, new Proxy(conv(), {})), []);
});

test("cyclic objects: the cycle is reported where it closes", () => {
  const root = conv();
  root.tags.self = root;
  assert.deepEqual(pairs(check(validateGetOrCreateConversation, root)), [["tags.self", "cycle"]]);

  const payload = { list: [] };
  payload.list.push(payload);
  assert.deepEqual(pairs(check(validateGetOrCreateMessage, msg({ type: "custom", payload }))), [["payload.list[0]", "cycle"]]);

  const self = {};
  self.self = self;
  const issues = check(validateGetOrCreateConversation, self);
  assert.ok(issues.some((i) => i.path === "self"), JSON.stringify(issues));
  assert.ok(issues.some((i) => i.path === "channel" && i.code === "required"));

  // A shared (non-cyclic) object used twice is not a cycle.
  const shared = { k: "v" };
  assert.deepEqual(check(validateGetOrCreateMessage, msg({ type: "custom", payload: { a: shared, b: shared } })), []);
});

test("10 000-deep nesting is reported, not a stack overflow", () => {
  let obj = {};
  const objRoot = obj;
  let arr = [];
  const arrRoot = arr;
  for (let i = 0; i < 10_000; i++) {
    obj.x = {};
    obj = obj.x;
    const next = [];
    arr.push(next);
    arr = next;
  }
  const a = check(validateGetOrCreateMessage, msg({ type: "custom", payload: { a: arrRoot } }));
  assert.ok(a.length >= 1);
  assert.ok(a.some((i) => i.code === "too_deep" && i.path.startsWith("payload.a[0][0]")), JSON.stringify(a).slice(0, 300));
  const o = check(validateGetOrCreateMessage, msg({ type: "custom", payload: objRoot }));
  assert.ok(o.some((i) => i.code === "too_deep" && i.path.startsWith("payload.x.x")), JSON.stringify(o).slice(0, 300));
  // The body itself nested that deep: `x` is unknown, and the depth is reported under it.
  // (Messages of issues under an unknown field are checked in the test below.)
  const c = check(validateGetOrCreateConversation, objRoot, { namesField: false });
  assert.ok(c.some((i) => i.path === "x" && i.code === "unknown_field"));
  assert.ok(c.some((i) => i.code === "too_deep" && i.path.startsWith("x.x.x")));
  // The body itself nested that deep, and nested behind a cycle.
  const cyc = { x: objRoot };
  objRoot.back = cyc;
  check(validateGetOrCreateConversation, cyc, { namesField: false });
});

test(
  "issues under an unknown field name their field in the message too",
  () => {
    const cyc = {};
    cyc.me = cyc;
    let deep = {};
    const deepRoot = deep;
    for (let i = 0; i < 100; i++) deep = deep.x = {};
    for (const extra of [{ n: 1n }, cyc, { get g() { throw new Error("E"); } }, deepRoot]) {
      const issues = check(validateGetOrCreateConversation, conv({ extra }));
      assert.ok(issues.length >= 2);
    }
  },
);

test("lengths count code points; lone surrogates are strings like any other", () => {
  assert.deepEqual(check(validateGetOrCreateConversation, conv({ channel: "😀".repeat(200) })), []);
  assert.deepEqual(pairs(check(validateGetOrCreateConversation, conv({ channel: "😀".repeat(201) }))), [["channel", "too_long"]]);
  assert.deepEqual(check(validateGetOrCreateConversation, conv({ channel: "\ud800".repeat(200) })), []);
  assert.deepEqual(pairs(check(validateGetOrCreateConversation, conv({ channel: "\udc00".repeat(201) }))), [["channel", "too_long"]]);
  assert.deepEqual(check(validateGetOrCreateConversation, conv({ tags: { "\udfff": "\ud83d", k: "x\ud800y" } })), []);
  assert.deepEqual(check(validateGetOrCreateMessage, msg({ payload: { text: "\ud800" } })), []);
  assert.deepEqual(check(validateGetOrCreateConversation, conv({ tags: { a: "x".repeat(500) } })), []);
  assert.deepEqual(pairs(check(validateGetOrCreateConversation, conv({ tags: { a: "x".repeat(501) } }))), [["tags.a", "too_long"]]);
});

test("Date values go through toJSON, as JSON.stringify does", () => {
  assert.deepEqual(check(validateGetOrCreateConversation, conv({ tags: { at: new Date(0) } })), []);
  assert.deepEqual(check(validateGetOrCreateMessage, msg({ schedule: { dateTime: new Date(Date.UTC(2030, 0, 1)) } })), []);
  // An invalid Date serialises to null: not a date-time string.
  assert.deepEqual(pairs(check(validateGetOrCreateMessage, msg({ schedule: { dateTime: new Date(NaN) } }))), [["schedule.dateTime", "type"]]);
  // toJSON that throws is reported at its field.
  assert.deepEqual(pairs(check(validateGetOrCreateConversation, conv({ tags: { b: { toJSON() { throw new Error("tj"); } } } }))), [
    ["tags.b", "unreadable"],
  ]);
});

test("JS-only values inside the body are named at their path", () => {
  assert.deepEqual(pairs(check(validateGetOrCreateConversation, conv({ tags: { b: 1n } }))), [["tags.b", "type"]]);
  assert.deepEqual(pairs(check(validateGetOrCreateMessage, msg({ type: "custom", payload: { n: 2n } }))), [["payload.n", "type"]]);
  assert.deepEqual(pairs(check(validateGetOrCreateMessage, msg({ schedule: { delay: NaN } }))), [["schedule.delay", "type"]]);
  assert.deepEqual(pairs(check(validateGetOrCreateMessage, msg({ schedule: { delay: Infinity } }))), [["schedule.delay", "type"]]);
  // undefined / functions / symbols are dropped from objects, as JSON.stringify does.
  assert.deepEqual(check(validateGetOrCreateConversation, conv({ integrationName: undefined, tags: { a: "1", f: () => 1, s: Symbol() } })), []);
});

test("a bad carousel names the exact nested path", () => {
  const carousel = (items) => msg({ type: "carousel", payload: { items } });
  const good = { title: "t", actions: [{ action: "url", label: "Open", value: "https://x" }] };
  assert.deepEqual(check(validateGetOrCreateMessage, carousel([good, good, good])), []);
  const bad = { title: "c", actions: [{ action: "url", label: "", value: "v" }] };
  assert.deepEqual(pairs(check(validateGetOrCreateMessage, carousel([good, good, bad]))), [["payload.items[2].actions[0].label", "too_short"]]);
  const issues = check(
    validateGetOrCreateMessage,
    carousel([{ title: "a" }, good, { title: "c", actions: [good.actions[0], { action: "nope", value: "v" }] }]),
  );
  assert.deepEqual(pairs(issues), [
    ["payload.items[0].actions", "required"],
    ["payload.items[2].actions[1].action", "enum"],
    ["payload.items[2].actions[1].label", "required"],
  ]);
});

test("every issue is reported at once", () => {
  const issues = check(validateGetOrCreateMessage, { type: 5, payload: [], userId: "short", conversationId: 3, tags: { a: 1 }, origin: "x", extra: 1 });
  assert.deepEqual(
    pairs(issues).sort(),
    [
      ["conversationId", "type"],
      ["extra", "unknown_field"],
      ["origin", "enum"],
      ["payload", "type"],
      ["tags.a", "type"],
      ["type", "type"],
      ["userId", "too_short"],
    ],
  );
});

test("validation does not touch its input", () => {
  const body = msg({ type: "card", payload: { title: "t", actions: [{ action: "say", label: "l", value: "v" }], extra: { k: [1, 2] } } });
  const before = structuredClone(body);
  assert.deepEqual(check(validateGetOrCreateMessage, body), []);
  assert.deepEqual(body, before);
});
