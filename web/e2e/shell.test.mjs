// Browser tests of the web shell against a real samman server, driving Debian's Chromium via playwright-core.
// Needs SAMMAN_URL, SAMMAN_ADMIN_USER and SAMMAN_ADMIN_PASSWORD (scripts/test.sh starts a server and creates
// that system administrator); skipped without them or without /usr/bin/chromium.
// Screenshots: /tmp/samman-shot-*.png.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ADMIN, ADMIN_PASSWORD, BASE, deva, launchChromium, openPage, screenshot, skip, submitSignIn } from './support.mjs';


const BS_MONTHS_EN = ['Baisakh', 'Jestha', 'Ashadh', 'Shrawan', 'Bhadra', 'Ashwin', 'Kartik', 'Mangsir', 'Poush', 'Magh', 'Falgun', 'Chaitra'];
const BS_MONTHS_NE = ['बैशाख', 'जेठ', 'असार', 'साउन', 'भदौ', 'असोज', 'कात्तिक', 'मंसिर', 'पुस', 'माघ', 'फागुन', 'चैत'];
const AD_MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const stamp = Date.now().toString(36);

/** Today's date as the browser (same machine, same time zone) sees it, converted by the server's calendar. */
async function expectedToday() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const ad = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const res = await fetch(`${BASE}/api/v1/calendar/convert?ad=${ad}`);
  assert.equal(res.status, 200, 'GET /api/v1/calendar/convert');
  const { bs, fiscal_year } = await res.json();
  const [by, bm, bd] = bs.split('-').map(Number);
  const [ay, am, ad_] = ad.split('-').map(Number);
  return {
    en: `${bd} ${BS_MONTHS_EN[bm - 1]} ${by} BS (${ad_} ${AD_MONTHS_EN[am - 1]} ${ay})`,
    ne: `${deva(by)} ${BS_MONTHS_NE[bm - 1]} ${deva(bd)} (${deva(ad)})`,
    fiscalYear: fiscal_year,
  };
}

/** RFC 6238 code (SHA-1, 6 digits, 30 s) for a base32 secret at a given 30-second step. */
function totpCode(secretBase32, step) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secretBase32.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

/** Calls the API from a signed-in page (its session cookie) with the CSRF token. */
async function apiCall(page, method, path, data, headers = {}) {
  const me = await (await page.request.get(`${BASE}/api/v1/me`)).json();
  return page.request.fetch(`${BASE}${path}`, {
    method,
    data,
    headers: { 'X-CSRF-Token': me.csrf_token, ...headers },
  });
}

let browser;

function newPage(viewport = { width: 1280, height: 860 }) {
  return openPage(browser, viewport);
}

async function shot(page, name) {
  await screenshot(page, `shot-${name}`);
}

const signIn = submitSignIn;

describe('web shell', { skip }, () => {
  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  test('a wrong password shows the problem detail', async () => {
    // The server answers every failed sign-in with the same detail; learn it from a user that does not exist
    // (so the admin's failure counter moves only once).
    const probe = await fetch(`${BASE}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: `nobody-${stamp}`, password: 'not the password at all' }),
    });
    assert.equal(probe.status, 401);
    const { detail } = await probe.json();
    assert.ok(detail);

    const page = await newPage();
    await signIn(page, ADMIN, 'definitely the wrong password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), new RegExp(detail.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal(await page.getByLabel('Username').inputValue(), ADMIN, 'the form keeps the username');
    await shot(page, 'login-error');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('signing in shows the user and today in BS with AD alongside', async () => {
    const today = await expectedToday();
    const page = await newPage();
    await signIn(page, ADMIN, ADMIN_PASSWORD);
    await page.getByTestId('today').waitFor();
    const me = await (await page.request.get(`${BASE}/api/v1/me`)).json();
    assert.equal(await page.getByTestId('user-name').innerText(), me.user.display_name || me.user.username);
    assert.equal(await page.getByTestId('today').innerText(), today.en);
    assert.equal(await page.getByTestId('fiscal-year').innerText(), today.fiscalYear);
    assert.ok(await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Cases' }).isVisible());
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await shot(page, 'home-en');

    // A section that is not built yet says so politely.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Accreditation' }).click();
    await page.getByRole('heading', { name: 'Accreditation: coming soon' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/accreditation');

    // A deep link is answered with the app shell (the server falls back to index.html).
    await page.goto(BASE + '/coordination');
    await page.getByRole('heading', { name: 'Coordination: coming soon' }).waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('नेपाली: navigation in Nepali and the BS date in Devanagari digits', async () => {
    const today = await expectedToday();
    const page = await newPage();
    await signIn(page, ADMIN, ADMIN_PASSWORD);
    await page.getByTestId('today').waitFor();
    await page.getByRole('button', { name: 'नेपाली' }).click();
    const nav = page.getByRole('navigation', { name: 'मुख्य मेनु' });
    await nav.waitFor();
    for (const label of ['गृहपृष्ठ', 'केसहरू', 'तथ्याङ्क', 'प्रशासन']) {
      assert.ok(await nav.getByRole('link', { name: label }).isVisible(), label);
    }
    assert.equal(await page.locator('html').getAttribute('lang'), 'ne');
    const date = await page.getByTestId('today').innerText();
    assert.equal(date, today.ne);
    assert.match(date, /[०-९]/);
    assert.doesNotMatch(date, /[0-9]/);
    assert.equal(await page.getByTestId('fiscal-year').innerText(), deva(today.fiscalYear));
    await shot(page, 'home-ne');

    // The choice survives a reload (localStorage), and the phone layout works at 360 px.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.reload();
    await page.getByTestId('today').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'ne');
    assert.equal(await page.getByTestId('today').innerText(), today.ne);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at 360 px (overflow ${overflow}px)`);
    await page.getByRole('button', { name: 'मेनु' }).click();
    await page.getByRole('navigation', { name: 'मुख्य मेनु' }).getByRole('link', { name: 'केसहरू' }).waitFor();
    await shot(page, 'home-ne-phone');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('an administrator creates an organisation and a user and sees them listed', async () => {
    const orgName = `E2E Shelter ${stamp}`;
    const username = `e2e_${stamp}`;
    const password = 'e2e password long enough';
    const page = await newPage();
    await signIn(page, ADMIN, ADMIN_PASSWORD);
    await page.getByTestId('today').waitFor();

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    const orgForm = page.getByRole('form', { name: 'New organisation' });
    await orgForm.getByLabel('Name').fill(orgName);
    await orgForm.getByLabel('Type').selectOption('shelter');
    await orgForm.getByLabel('Province').selectOption('3');
    await orgForm.getByLabel('District').locator('option', { hasText: 'Kathmandu' }).waitFor({ state: 'attached' });
    await orgForm.getByLabel('District').selectOption({ label: 'Kathmandu' });
    await orgForm.getByRole('button', { name: 'Create organisation' }).click();
    await page.getByRole('status').filter({ hasText: orgName }).waitFor();
    const orgRow = page.getByTestId('org-table').getByRole('row', { name: new RegExp(orgName) });
    await orgRow.waitFor();
    assert.match(await orgRow.innerText(), /Shelter/);
    // District names arrive with the reference data; the row shows the code until then.
    await orgRow.filter({ hasText: 'Kathmandu' }).waitFor();
    await shot(page, 'organizations');

    await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Users' }).click();
    const userForm = page.getByRole('form', { name: 'New user' });
    await userForm.waitFor();
    await userForm.getByLabel('Username').fill(username);
    await userForm.getByLabel('Display name').fill('E2E Case Worker');
    await userForm.getByLabel('Password').fill(password);
    await userForm.getByLabel('Organisation', { exact: true }).locator('option', { hasText: orgName }).waitFor({ state: 'attached' });
    await userForm.getByLabel('Organisation', { exact: true }).selectOption({ label: orgName });
    await userForm.getByLabel('Case worker', { exact: true }).check();
    await userForm.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('status').filter({ hasText: username }).waitFor();
    const userRow = page.getByTestId('user-table').getByRole('row', { name: new RegExp(username) });
    await userRow.filter({ hasText: 'Case worker' }).waitFor();  // role labels come with reference data
    const rowText = await userRow.innerText();
    assert.match(rowText, /E2E Case Worker/);
    assert.match(rowText, new RegExp(orgName));
    assert.match(rowText, /Case worker/);
    assert.match(rowText, /Active/);

    // Edit roles with optimistic locking, then check the list shows them.
    await userRow.getByRole('button', { name: `Edit ${username}` }).click();
    const editor = page.getByRole('form', { name: `Edit ${username}` });
    await editor.getByLabel('Case supervisor', { exact: true }).check();
    await editor.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: username }).waitFor();
    await page.getByTestId('user-table').getByRole('row', { name: new RegExp(username) }).filter({ hasText: 'Case supervisor' }).waitFor();
    await shot(page, 'users');

    // Someone else changes the user while the editor is open: saving says so instead of overwriting.
    await userRow.getByRole('button', { name: `Edit ${username}` }).click();
    const users = await (await page.request.get(`${BASE}/api/v1/users`)).json();
    const created = users.items.find((u) => u.username === username);
    const bump = await apiCall(page, 'PATCH', `/api/v1/users/${created.id}`, { display_name: 'E2E Case Worker' }, { 'If-Match': `"${created.version}"` });
    assert.equal(bump.status(), 200);
    await page.getByRole('form', { name: `Edit ${username}` }).getByLabel('Analyst', { exact: true }).check();
    await page.getByRole('form', { name: `Edit ${username}` }).getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: 'Someone else changed this user' }).waitFor();
    await page.getByRole('form', { name: `Edit ${username}` }).getByRole('button', { name: 'Cancel' }).click();

    // Reset the password (the new user will sign in with it below).
    await userRow.getByRole('button', { name: `Reset password ${username}` }).click();
    const reset = page.getByRole('form', { name: `New password for ${username}` });
    await reset.getByLabel('New password').fill('short');
    await reset.getByRole('button', { name: 'Reset password' }).click();
    await reset.getByRole('alert').filter({ hasText: 'at least 12 characters' }).waitFor();
    await reset.getByLabel('New password').fill(password + ' again');
    await reset.getByRole('button', { name: 'Reset password' }).click();
    await page.getByRole('status').filter({ hasText: `Password for ${username} reset` }).waitFor();

    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at 360 px (overflow ${overflow}px)`);
    await shot(page, 'users-phone');
    assert.deepEqual(page.problems, []);
    await page.context().close();

    // The new user can sign in.
    const other = await newPage();
    await signIn(other, username, password + ' again');
    await other.getByTestId('user-name').waitFor();
    assert.equal(await other.getByTestId('user-name').innerText(), 'E2E Case Worker');
    await other.context().close();
  });

  test('My account: change the password, enrol two-factor, then sign in with a code', async () => {
    const username = `e2e_totp_${stamp}`;
    const first = 'first password for totp';
    const second = 'second password for totp';
    const admin = await newPage();
    await signIn(admin, ADMIN, ADMIN_PASSWORD);
    await admin.getByTestId('today').waitFor();
    const me = await (await admin.request.get(`${BASE}/api/v1/me`)).json();
    const made = await apiCall(admin, 'POST', '/api/v1/users', {
      username,
      password: first,
      organization_id: me.user.organization.id,
      roles: ['analyst'],
      display_name: 'E2E Two Factor',
    });
    assert.equal(made.status(), 201);
    await admin.context().close();

    const page = await newPage({ width: 360, height: 740 });
    await signIn(page, username, first);
    await page.getByTestId('user-name').waitFor();
    await page.goto(BASE + '/account');
    await page.getByRole('heading', { name: 'My account', level: 1 }).waitFor();

    await page.getByLabel('Current password').fill(first);
    await page.getByLabel('New password (at least 12 characters)').fill(second);
    await page.getByLabel('Repeat the new password').fill(second + 'x');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();
    await page.getByLabel('Repeat the new password').fill(second);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'Your password has been changed.' }).waitFor();

    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    assert.match(await page.getByTestId('totp-uri').innerText(), /^otpauth:\/\/totp\//);
    await shot(page, 'account-totp');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at 360 px (overflow ${overflow}px)`);
    const step = Math.floor(Date.now() / 30_000);
    await page.getByLabel('6-digit code from the app').fill(totpCode(secret, step));
    await page.getByRole('button', { name: 'Confirm and turn on' }).click();
    await page.getByRole('status').filter({ hasText: 'Two-factor sign-in is now on.' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('status').filter({ hasText: 'You have signed out.' }).waitFor();

    // The server asks for the code; a wrong one is refused, the right one lets the user in.
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(second);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const code = page.getByLabel('6-digit code');
    await code.waitFor();
    await code.fill(totpCode(secret, step - 5));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('alert').waitFor();
    await code.fill(totpCode(secret, Math.floor(Date.now() / 30_000) + 1)); // not yet used, within the drift
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByTestId('user-name').waitFor();
    assert.equal(await page.getByTestId('user-name').innerText(), 'E2E Two Factor');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
