// Browser tests of the statistics pages against a real samman server. Through the API the administrator
// makes an NGO whose case worker opens two cases in Kailali today, an analyst, and the Kailali district
// committee with a member. In the browser: the analyst's dashboard shows the national total the API
// releases and hides Kailali's two; the committee member sees Kailali only, with its total hidden; the
// public page shows only multiples of 5. Screenshots: /tmp/samman-stats-*.png.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN, ADMIN_PASSWORD, BASE, launchChromium, openPage, screenshot, skip, submitSignIn } from './support.mjs';

const stamp = Date.now().toString(36);
const PASSWORD = 'statistics e2e password';
const KAILALI = '708';
const ANALYST = `e2e_analyst_${stamp}`;
const MEMBER = `e2e_dccht_${stamp}`;
let browser;
let fy = '';
let analystApi;

async function apiAs(username, password) {
  const ctx = await browser.newContext();
  const login = await ctx.request.post(`${BASE}/api/v1/auth/login`, { data: { username, password } });
  assert.equal(login.status(), 200, `${username} signs in`);
  const headers = { 'X-CSRF-Token': (await login.json()).csrf_token };
  const call = async (method, path, data, status) => {
    const res = await ctx.request.fetch(`${BASE}${path}`, { method, data, headers });
    const text = await res.text();
    if (status) assert.equal(res.status(), status, `${method} ${path}: ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return { ctx, call, post: (path, data) => call('POST', path, data, 201), get: (path) => call('GET', path, undefined, 200) };
}

async function signIn(page, username) {
  await submitSignIn(page, username, PASSWORD);
  await page.getByTestId('user-name').waitFor();
}

describe('statistics', { skip }, () => {
  before(async () => {
    browser = await launchChromium();
    const admin = await apiAs(ADMIN, ADMIN_PASSWORD);
    const ngo = await admin.post('/api/v1/organizations', { name: `Kailali NGO ${stamp}`, type: 'ngo' });
    const ministry = await admin.post('/api/v1/organizations', { name: `Ministry ${stamp}`, type: 'ministry' });
    const committee = await admin.post('/api/v1/organizations', {
      name: `DCCHT Kailali ${stamp}`, type: 'committee', level: 'district', jurisdiction: KAILALI,
    });
    const user = (username, organization_id, roles) =>
      admin.post('/api/v1/users', { username, password: PASSWORD, organization_id, roles, display_name: username });
    await user(`e2e_kworker_${stamp}`, ngo.id, ['case_worker']);
    await user(ANALYST, ministry.id, ['analyst']);
    await user(MEMBER, committee.id, ['committee_member']);
    const worker = await apiAs(`e2e_kworker_${stamp}`, PASSWORD);
    for (const sex of ['male', 'male']) {
      await worker.post('/api/v1/cases', {
        person: { given_name: 'E2E', sex, age_at_registration: 30 },
        case: { identification_source: 'hotline', district: KAILALI },
      });
    }
    const today = new Date().toISOString().slice(0, 10);
    fy = (await (await fetch(`${BASE}/api/v1/calendar/convert?ad=${today}`)).json()).fiscal_year;
    analystApi = await apiAs(ANALYST, PASSWORD);
    await admin.ctx.close();
    await worker.ctx.close();
  });
  after(async () => {
    await analystApi?.ctx.close();
    await browser?.close();
  });

  test("an analyst's dashboard shows what the server releases, and hides small counts", async () => {
    const released = await analystApi.get(`/api/v1/stats/query?indicator=survivors_identified&fy=${encodeURIComponent(fy)}`);
    const total = released.cells[0].value;
    const page = await openPage(browser);
    await signIn(page, ANALYST);
    await page.goto(`${BASE}/statistics`);
    await page.getByLabel('Fiscal year').first().selectOption(fy);
    const headline = page.getByTestId('headline-survivors_identified');
    const shown = total === null ? '–' : total.toLocaleString('en-IN');
    // The first year's figures give way to the chosen year's.
    await headline.locator('.stat-value', { hasText: shown }).waitFor();
    assert.equal((await headline.locator('.stat-value').innerText()).trim().charAt(0), shown.charAt(0));
    assert.equal(await page.getByTestId('stats-area').innerText(), 'Nepal (national)');
    // Broken down by district: Kailali's two survivors are hidden.
    await page.getByLabel('Broken down by').selectOption('district');
    const kailali = page.locator('.stat-table tr', { has: page.locator('th', { hasText: /^Kailali$/ }) });
    await kailali.waitFor();
    assert.equal((await kailali.locator('td.num').innerText()).trim().charAt(0), '–');
    await screenshot(page, 'stats-dashboard');
    await page.setViewportSize({ width: 360, height: 800 });
    await screenshot(page, 'stats-dashboard-phone');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling on a phone (${overflow}px)`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a district committee sees its own district only', async () => {
    const page = await openPage(browser);
    await signIn(page, MEMBER);
    await page.goto(`${BASE}/statistics`);
    await page.getByLabel('Fiscal year').first().selectOption(fy);
    await page.getByTestId('stats-area').filter({ hasText: 'Kailali' }).waitFor();
    // Its survivors this year are too few to show.
    const value = page.getByTestId('headline-survivors_identified').locator('.stat-value', { hasText: '–' });
    await value.waitFor();
    await screenshot(page, 'stats-committee');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the public page shows released national figures rounded to 5, without signing in', async () => {
    const page = await openPage(browser);
    await page.goto(`${BASE}/public/stats`);
    await page.getByLabel('Fiscal year').selectOption(fy);
    await page.locator('.stat-table').first().waitFor();
    const numbers = await page.locator('.stat-table td.num').allInnerTexts();
    assert.ok(numbers.length > 0);
    for (const text of numbers) {
      const digits = text.replace(/[^0-9]/g, '');
      if (digits) assert.equal(Number(digits) % 5, 0, `"${text}" is a multiple of 5`);
    }
    await screenshot(page, 'stats-public');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
