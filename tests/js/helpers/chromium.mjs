// Debian's headless Chromium through playwright-core, launched the one way every browser suite
// and the bench use. $CHROMIUM overrides the executable (default /usr/bin/chromium, from
// `make deps-browser`). Without the background-networking flags Chromium keeps dialling out,
// and this machine's network refuses it.

import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
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

export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 20_000 });
}
