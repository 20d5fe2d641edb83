/**
 * Starts Debian's Chromium for the browser tests through playwright-core (no browser
 * download). A missing browser fails the tests with the command that installs it: CI must
 * install it, so silently skipping would hide a broken setup.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env['LSTM_CHROMIUM'] ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: the browser tests need it. Install it with ` +
        `'apt-get install -y chromium' (Debian) or set LSTM_CHROMIUM to a Chromium binary.`,
    );
  }
  // playwright gives every launch a fresh temporary profile (its own --user-data-dir).
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}
