// What the browser tests share: the server and administrator they are given, why they would be skipped,
// launching Debian's Chromium, pages that fail a test on script errors, screenshots and signing in.
// Not a test file itself (node --test runs only *.test.mjs).

import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const BASE = (process.env.SAMMAN_URL ?? '').replace(/\/$/, '');
export const ADMIN = process.env.SAMMAN_ADMIN_USER ?? '';
export const ADMIN_PASSWORD = process.env.SAMMAN_ADMIN_PASSWORD ?? '';
const CHROMIUM = '/usr/bin/chromium';

export const skip = !BASE || !ADMIN || !ADMIN_PASSWORD
  ? 'set SAMMAN_URL, SAMMAN_ADMIN_USER and SAMMAN_ADMIN_PASSWORD to run the browser tests'
  : !existsSync(CHROMIUM)
    ? `${CHROMIUM} is missing (apt-get install chromium)`
    : false;

export const deva = (s) => String(s).replace(/[0-9]/g, (d) => '०१२३४५६७८९'[Number(d)]);

/** Headless Chromium with the flags this closed network needs (no background connections). */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Collects the page's script errors in page.problems, for a test to fail on; HTTP error answers (401, 409 ...) are the app's business. */
export function watch(page) {
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.problems = problems;
  return page;
}

/** A watched page in a fresh browser context. */
export async function openPage(browser, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  return watch(await context.newPage());
}

export async function screenshot(page, name) {
  await page.screenshot({ path: `/tmp/samman-${name}.png`, fullPage: true });
}

/** Fills the sign-in form and submits it (the caller waits for what it expects next). */
export async function submitSignIn(page, username, password) {
  await page.goto(BASE + '/');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
