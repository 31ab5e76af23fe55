// Starts the Botpress emulator (tests/emulator) on 127.0.0.1 and a free port for one test file.
//
//   const emu = await startEmulator();  // before()
//   emu.url, emu.port                    // http://127.0.0.1:<port>
//   await emu.requests();                // the API requests it received
//   await emu.stop();                    // after()
//
// Binary: $BOTPRESS_EMULATOR, else <target dir>/debug/botpress-emulator ($CARGO_TARGET_DIR or
// target/), built with cargo when missing. --exit-on-stdin-eof makes it die with this process.

import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

function binary() {
  if (process.env.BOTPRESS_EMULATOR) return process.env.BOTPRESS_EMULATOR;
  const target = path.resolve(ROOT, process.env.CARGO_TARGET_DIR ?? "target");
  const bin = path.join(target, "debug", "botpress-emulator" + (process.platform === "win32" ? ".exe" : ""));
  if (!existsSync(bin)) {
    const r = spawnSync("cargo", ["build", "-p", "botpress-emulator"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
    if (r.status !== 0 || !existsSync(bin)) throw new Error(`cannot build the emulator (cargo exit ${r.status}, ${r.error?.message ?? "no spawn error"})`);
  }
  return bin;
}

export async function startEmulator({ startTimeoutMs = 30_000 } = {}) {
  const child = spawn(binary(), ["--host", "127.0.0.1", "--port", "0", "--exit-on-stdin-eof"], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

  const url = await new Promise((resolve, reject) => {
    let out = "";
    const fail = (why) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`emulator did not start: ${why}\nstderr: ${stderr}`));
    };
    const timer = setTimeout(() => fail(`no "listening on" line in ${startTimeoutMs} ms`), startTimeoutMs);
    const early = (code, signal) => fail(`exited early (code ${code}, signal ${signal})`);
    child.once("error", (e) => fail(e.message));
    child.once("exit", early);
    child.stdout.setEncoding("utf8").on("data", function onData(d) {
      out += d;
      const nl = out.indexOf("\n");
      if (nl < 0) return;
      child.stdout.off("data", onData);
      child.stdout.resume();
      clearTimeout(timer);
      child.off("exit", early);
      const m = /^listening on (http:\/\/127\.0\.0\.1:(\d+))\s*$/.exec(out.slice(0, nl));
      m ? resolve(m[1]) : fail(`unexpected first line ${JSON.stringify(out.slice(0, nl))}`);
    });
  });

  async function control(method, sub) {
    const res = await fetch(url + "/__emulator" + sub, { method });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator ${method} ${sub}: HTTP ${res.status}: ${text}`);
    return JSON.parse(text);
  }

  return {
    url,
    port: Number(new URL(url).port),
    /** [{method, path, headers (lowercased names), body}] of the API requests, in order. */
    requests: () => control("GET", "/requests"),
    stats: () => control("GET", "/stats"),
    /** Forgets every record, logged request and fault. */
    reset: () => control("POST", "/reset"),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin.end();
        const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
        child.kill("SIGTERM");
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
