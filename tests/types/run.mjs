// Type tests of the package's .d.ts: every good*.ts must type-check, and every bad/*.ts must fail
// with exactly the error codes its first line declares (`// expect: TS2353`, several codes
// separated by spaces), reported in that file. A leading comment line
// `// compilerOptions: {"lib": ["es2020"]}` overrides tsconfig.json for that file.
//
// usage: node tests/types/run.mjs [--dts <file.d.ts>] [--verbose]
//   --dts (or BOTPRESS_TYPES_DTS): the typings to test; default pkg/index.d.ts.
//   --verbose: also print what tsc said about each bad file that failed as expected.
// Each check runs `tsc -p` on a generated tsconfig under tests/out/types/ that extends
// tests/types/tsconfig.json (TypeScript 7 refuses `tsc file.ts` next to a tsconfig).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const outDir = join(root, "tests", "out", "types");

const args = process.argv.slice(2);
const dtsArg = args[args.indexOf("--dts") + 1];
const dts = resolve(args.includes("--dts") && dtsArg ? dtsArg : process.env.BOTPRESS_TYPES_DTS || join(root, "pkg", "index.d.ts"));
if (!existsSync(dts)) {
  console.error(`no typings at ${dts}: build the package first, or pass --dts <file.d.ts>`);
  process.exit(2);
}

const localTsc = join(root, "node_modules", ".bin", process.platform === "win32" ? "tsc.cmd" : "tsc");
const tsc = existsSync(localTsc) ? [localTsc] : ["npx", "-y", "-p", "typescript@7.0.2", "tsc"];

rmSync(outDir, { recursive: true, force: true });

/** `// compilerOptions: {…}` in the file's leading comment lines, merged over tsconfig.json. */
function overrides(file) {
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.startsWith("//")) break;
    const m = /^\/\/ compilerOptions: (\{.*\})\s*$/.exec(line);
    if (m) return JSON.parse(m[1]);
  }
  return {};
}

/** Runs tsc on one file; returns its exit status and the `file(line,col): error TSnnnn` lines. */
function check(name, file) {
  const dir = join(outDir, name.replace(/[^\w.-]/g, "_"));
  mkdirSync(dir, { recursive: true });
  const config = {
    extends: relative(dir, join(here, "tsconfig.json")),
    compilerOptions: { ...overrides(file), paths: { "botpress-chat-wasm": [dts] } },
    files: [file],
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config, null, 2) + "\n");
  const run = spawnSync(tsc[0], [...tsc.slice(1), "-p", dir, "--pretty", "false"], { cwd: root, encoding: "utf8" });
  if (run.error) throw run.error;
  const output = `${run.stdout}${run.stderr}`;
  const errors = [...output.matchAll(/^(.*?)\(\d+,\d+\): error (TS\d+):/gm)].map((m) => ({
    file: resolve(root, m[1]),
    code: m[2],
  }));
  return { status: run.status, output, errors };
}

const results = [];

// Each good*.ts is its own program (one of them augments the module's interfaces).
for (const entry of readdirSync(here).filter((f) => /^good.*\.ts$/.test(f)).sort()) {
  const good = check(entry, join(here, entry));
  results.push({
    name: entry,
    ok: good.status === 0,
    why: `expected no errors, tsc exited ${good.status}:\n${good.output.trim()}`,
  });
}

const badDir = join(here, "bad");
for (const entry of readdirSync(badDir).filter((f) => f.endsWith(".ts")).sort()) {
  const file = join(badDir, entry);
  const first = readFileSync(file, "utf8").split("\n", 1)[0];
  const expected = /^\/\/ expect:((?:\s+TS\d+)+)\s*$/.exec(first)?.[1].trim().split(/\s+/);
  const name = `bad/${entry}`;
  if (!expected) {
    results.push({ name, ok: false, why: "first line must be `// expect: TSnnnn`" });
    continue;
  }
  const r = check(name, file);
  const got = [...new Set(r.errors.map((e) => e.code))].sort();
  const elsewhere = r.errors.filter((e) => e.file !== file);
  const missing = expected.filter((c) => !got.includes(c));
  const unexpected = got.filter((c) => !expected.includes(c));
  const ok = r.status !== 0 && r.errors.length > 0 && !missing.length && !unexpected.length && !elsewhere.length;
  results.push({
    name,
    ok,
    said: r.output.trim(),
    why:
      r.status === 0
        ? "type-checked, but must fail"
        : `expected ${expected.join(" ")}, got ${got.join(" ") || "no error codes"}` +
          (elsewhere.length ? " (some errors are outside the file)" : "") +
          `:\n${r.output.trim()}`,
  });
}

let failed = 0;
for (const r of results) {
  if (r.ok) {
    console.log(`ok - ${r.name}`);
    if (args.includes("--verbose") && r.said) console.log(r.said.replace(/^/gm, "  # "));
  } else {
    failed++;
    console.log(`not ok - ${r.name}\n${r.why.replace(/^/gm, "  # ")}`);
  }
}
console.log(`${results.length - failed}/${results.length} type tests passed (typings: ${relative(root, dts) || dts})`);
process.exit(failed ? 1 : 0);
