// Runs a command with the emulator up: `node tests/with-emulator.mjs <cmd> [args…]`.
// Starts target/debug/botpress-emulator on 127.0.0.1 with a free port, exports its URL as
// BOTPRESS_EMULATOR_URL, runs the command, stops the emulator, exits with the command's code.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error("usage: node tests/with-emulator.mjs <cmd> [args…]");
  process.exit(2);
}
const emu = spawn("target/debug/botpress-emulator", ["--host", "127.0.0.1", "--port", "0", "--exit-on-stdin-eof"], {
  stdio: ["pipe", "pipe", "inherit"],
});
const url = await new Promise((resolve, reject) => {
  emu.once("error", reject);
  emu.once("exit", (code) => reject(new Error(`emulator exited early (${code})`)));
  createInterface({ input: emu.stdout }).once("line", (line) => {
    const m = /^listening on (http:\/\/\S+)$/.exec(line);
    m ? resolve(m[1]) : reject(new Error(`unexpected emulator output: ${line}`));
  });
});
const child = spawn(cmd, args, { stdio: "inherit", env: { ...process.env, BOTPRESS_EMULATOR_URL: url } });
const code = await new Promise((resolve) => child.on("exit", (c, sig) => resolve(c ?? (sig ? 1 : 0))));
emu.stdin.end();
emu.kill();
process.exit(code);
