// Headless Chromium for the Quiver Studio page tests and benchmark: Debian's `chromium` package
// driven by playwright-core (which never downloads a browser of its own). QUIVER_CHROMIUM points at
// another binary.

import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** The Chromium binary used. */
export const CHROMIUM_PATH = process.env.QUIVER_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Starts headless Chromium with no background network traffic (the machine's network is closed).
 * Playwright gives every launch a fresh, empty profile folder of its own.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium, or set QUIVER_CHROMIUM to a Chromium binary`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
