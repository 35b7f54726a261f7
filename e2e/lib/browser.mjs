// A real browser (Debian's Chromium driven by playwright-core) signed in to the portal as the guest.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { appUrl, repoRoot } from './portal.mjs';

export const artifactsDir = path.join(repoRoot, 'e2e', 'artifacts');

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches headless Chromium with a fresh profile and returns a page signed in as the demo guest. */
export async function openSignedInPage() {
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}; install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ownership-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    viewport: { width: 1400, height: 1800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  await page.goto(appUrl);
  // The guest provider's sign-in card has a single "Enter" button.
  await page.getByRole('button', { name: 'Enter' }).click();
  // The sidebar (with its Settings item) only renders once signed in.
  await page.locator('nav').getByText('Settings', { exact: true }).waitFor();
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { page, close };
}

/** Saves a full-page screenshot under e2e/artifacts/ (git-ignored) for a human to look at. */
export async function screenshot(page, name) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`) });
}
