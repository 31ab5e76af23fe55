// Starts the Botpress emulator (tests/emulator) as a child process for one test file.
//
//   const emu = await startEmulator();   // in before()
//   emu.url                               // http://127.0.0.1:<port>
//   await emu.faults({ status: 503, times: 2 });
//   await emu.requests();                 // [{ method, path, headers, body }]
//   await emu.stop();                     // in after(): kills it and waits for the exit
//
// The binary is target/debug/botpress-emulator (or $CARGO_TARGET_DIR/debug/…, or the path
// in $BOTPRESS_EMULATOR); it is built with cargo when missing. The child gets
// --exit-on-stdin-eof, so it also goes away if this process dies without calling stop().

import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const EXE = process.platform === "win32" ? ".exe" : "";

/** Path of the emulator binary, built first if it is missing. */
export function emulatorBinary() {
  if (process.env.BOTPRESS_EMULATOR) return process.env.BOTPRESS_EMULATOR;
  const targetDir = process.env.CARGO_TARGET_DIR
    ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR)
    : path.join(ROOT, "target");
  const bin = path.join(targetDir, "debug", "botpress-emulator" + EXE);
  if (!existsSync(bin)) {
    const r = spawnSync("cargo", ["build", "-p", "botpress-emulator"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
    if (r.error) throw new Error(`cannot run cargo to build the emulator: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`cargo build -p botpress-emulator failed (exit ${r.status})`);
    if (!existsSync(bin)) throw new Error(`cargo built the emulator but ${bin} is missing`);
  }
  return bin;
}

const running = new Set();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Starts an emulator on 127.0.0.1 and a free port; with `www` / `pkg` (paths relative to the
 * repo) it also serves the demo page and the package, as `make demo` does. The one emulator
 * starter of every JS suite (tests/js, tests/runtimes, tests/e2e, tests/reliability).
 */
export async function startEmulator({ startTimeoutMs = 30_000, www, pkg } = {}) {
  const bin = emulatorBinary();
  const statics = [...(www ? ["--www", www] : []), ...(pkg ? ["--pkg", pkg] : [])];
  const child = spawn(bin, ["--host", "127.0.0.1", "--port", "0", ...statics, "--exit-on-stdin-eof"], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  running.add(child);
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const exited = new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });

  const url = await new Promise((resolve, reject) => {
    let out = "";
    const fail = (why) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`emulator did not start: ${why}\nstderr: ${stderr}`));
    };
    const timer = setTimeout(() => fail(`no "listening on" line within ${startTimeoutMs} ms`), startTimeoutMs);
    child.once("error", (e) => fail(e.message));
    child.once("exit", (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", function onData(d) {
      out += d;
      const nl = out.indexOf("\n");
      if (nl < 0) return;
      child.stdout.off("data", onData);
      child.stdout.resume(); // keep draining anything printed later
      clearTimeout(timer);
      const m = /^listening on (http:\/\/\S+)\s*$/.exec(out.slice(0, nl));
      if (m) resolve(m[1]);
      else fail(`unexpected first line ${JSON.stringify(out.slice(0, nl))}`);
    });
  });

  async function control(method, sub, body) {
    const res = await fetch(url + "/__emulator" + sub, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator ${method} ${sub}: HTTP ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  return {
    url,
    port: Number(new URL(url).port),
    /** Forgets every conversation, message, fault and logged request. */
    reset: () => control("POST", "/reset"),
    /** Queues one fault or an array of them: {path?, status?, headers?, body?, delayMs?, drop?, hang?, times?}. */
    faults: (f) => control("POST", "/faults", f),
    /** The API requests received so far: [{method, path, headers (lowercased names), body (raw text)}]. */
    requests: () => control("GET", "/requests"),
    clearRequests: () => control("DELETE", "/requests"),
    stats: () => control("GET", "/stats"),
    /** Stops the emulator and waits until the process has exited. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin.end();
        const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
        child.kill("SIGTERM");
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
}
