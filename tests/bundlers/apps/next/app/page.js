"use client";
// A client component as a user writes it: named imports from "botpress-chat-wasm", the calls
// made in the browser after the page mounts. The emulator's URL comes from ?emulator=.
import { useEffect, useState } from "react";
import { ready, Client, validateGetOrCreateMessage, ApiError, ValidationError, BotpressError } from "botpress-chat-wasm";
import { settle } from "../lib/scenario.mjs";

export default function Page() {
  const [status, setStatus] = useState("loading");
  const [result, setResult] = useState("");
  useEffect(() => {
    const emulator = new URL(location.href).searchParams.get("emulator");
    const pkg = { ready, Client, validateGetOrCreateMessage, ApiError, ValidationError, BotpressError };
    settle(pkg, emulator, "next-client").then((out) => {
      window.__result = out;
      setResult(JSON.stringify(out));
      setStatus("done");
    });
  }, []);
  return (
    <main>
      <p id="status">{status}</p>
      <pre id="result">{result}</pre>
    </main>
  );
}
