// Browser tests of the statistics pages against a real samman server. Through the API the administrator
// makes an NGO whose case worker opens two cases in Kailali today, and 13 in Ilam and 12 in Jhapa (Koshi), an
// analyst, and the Kailali district committee with a member. In the browser: the analyst's dashboard shows the
// national total the API releases and hides Kailali's two; its district map draws the 77 districts, fills the
// released ones with their value in their names, hatches the hidden ones, and changes its legend for rates per
// 100,000; the analyst gets the four microdata downloads. The committee member sees Kailali only, with its
// total hidden, the other districts greyed as outside the area, and no microdata. The case worker records a
// suspect's arrest and conviction in a justice record and sees them back. The case worker closes 11 of the
// Ilam cases as reintegrated with their families, 2 of Jhapa's as contact lost and one with no outcome: the
// analyst's breakdown of cases closed by outcome names them in English and Nepali; survivors by age band are
// listed youngest first. The public page shows only multiples of 5. Screenshots: /tmp/samman-stats-*.png.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN, ADMIN_PASSWORD, BASE, deva, launchChromium, openPage, screenshot, skip, submitSignIn } from './support.mjs';

const stamp = Date.now().toString(36);
const PASSWORD = 'statistics e2e password';
const KAILALI = '708';
const ILAM = '110'; // Koshi province, like Jhapa: the province's survivors are all in these two districts
const JHAPA = '111';
const ANALYST = `e2e_analyst_${stamp}`;
const MEMBER = `e2e_dccht_${stamp}`;
let browser;
let fy = '';
let analystApi;
let workerApi;
let kailaliCase = '';

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

/** The dashboard of the test's fiscal year, for a user who is signed in. */
async function dashboard(page) {
  await page.goto(`${BASE}/statistics`);
  await page.getByLabel('Fiscal year').first().selectOption(fy);
}

const q = (s) => encodeURIComponent(s);
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MICRODATA = [
  ['CTDC layout (CSV)', 'ctdc', 'csv', 'text/csv'],
  ['CTDC layout (XLSX)', 'ctdc', 'xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['HTCDS layout (CSV)', 'htcds', 'csv', 'text/csv'],
  ['HTCDS layout (XLSX)', 'htcds', 'xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
];

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
    const open = (district, sex, age = 30) =>
      worker.post('/api/v1/cases', {
        person: { given_name: 'E2E', sex, age_at_registration: age },
        case: { identification_source: 'hotline', district },
      });
    for (const sex of ['male', 'male']) kailaliCase = (await open(KAILALI, sex)).id;
    const ilam = [];
    const jhapa = [];
    // Ilam's ages fall in three bands (9-17, 30-38, 48+), the largest in the middle.
    for (let i = 0; i < 13; i++) ilam.push((await open(ILAM, i % 2 ? 'male' : 'female', [16, 30, 52][i % 3])).id);
    for (let i = 0; i < 12; i++) jhapa.push((await open(JHAPA, i % 3 ? 'female' : 'male')).id);
    const close = (id, outcome) =>
      worker.call('POST', `/api/v1/cases/${id}/transitions`, { to: 'closure', reason: 'E2E closure', ...(outcome ? { outcome } : {}) }, 200);
    for (const id of ilam.slice(0, 11)) await close(id, 'reintegrated_family');
    for (const id of jhapa.slice(0, 2)) await close(id, 'lost_contact');
    await close(jhapa[2], '');
    const today = new Date().toISOString().slice(0, 10);
    fy = (await (await fetch(`${BASE}/api/v1/calendar/convert?ad=${today}`)).json()).fiscal_year;
    analystApi = await apiAs(ANALYST, PASSWORD);
    workerApi = worker;
    await admin.ctx.close();
  });
  after(async () => {
    await analystApi?.ctx.close();
    await workerApi?.ctx.close();
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

  test('the district map colours released figures, hatches hidden ones and gives rates per 100,000', async () => {
    const released = await analystApi.get(`/api/v1/stats/query?indicator=survivors_identified&by=district&fy=${q(fy)}`);
    const districts = released.cells.filter((c) => /^\d{3}$/.test(c.district));
    const shown = districts.filter((c) => !c.suppressed && c.value > 0).sort((a, b) => b.value - a.value);
    const top = shown[0];
    assert.ok(top, `some district's figure is released: ${JSON.stringify(districts)}`);
    assert.equal(districts.find((c) => c.district === KAILALI)?.suppressed, true, "Kailali's two survivors are hidden");
    const names = new Map((await (await fetch(`${BASE}/api/v1/geo/districts`)).json()).items.map((d) => [d.code, d.name_en]));
    const name = names.get(top.district);
    const value = top.value.toLocaleString('en-IN');

    const page = await openPage(browser);
    await signIn(page, ANALYST);
    await dashboard(page);
    const map = page.getByTestId('district-map');
    // The chosen year's answer has arrived when the largest released district reads its value.
    const district = map.getByRole('img', { name: `${name}: ${value}`, exact: true });
    await district.waitFor();
    assert.equal(await map.locator('path[data-district]').count(), 77, 'all 77 districts are drawn');
    assert.equal(await district.locator('title').textContent(), `${name}: ${value}`);
    const fill = await district.evaluate((el) => getComputedStyle(el).fill);
    assert.match(fill, /^rgb/, `${name} is filled with a colour (${fill})`);
    assert.notEqual(fill, 'rgb(255, 255, 255)', `${name} is not drawn as zero`);
    // A district nobody was counted in (no cell in the answer) is drawn as zero.
    const none = [...names.keys()].find((code) => !districts.some((c) => c.district === code));
    const empty = map.getByRole('img', { name: `${names.get(none)}: 0`, exact: true });
    assert.equal(await empty.evaluate((el) => getComputedStyle(el).fill), 'rgb(255, 255, 255)');
    // Kailali's hidden figure is hatched, and the legend says why.
    const kailali = map.getByRole('img', { name: 'Kailali: hidden to protect people', exact: true });
    assert.match(await kailali.evaluate((el) => getComputedStyle(el).fill), /url\(.*#stats-map-hatch/);
    const legend = page.getByTestId('map-legend');
    await legend.getByText('Hidden to protect people').waitFor();
    const counts = await legend.innerText();
    assert.match(counts, /^Survivors identified\n/);
    // The classes cover the released values: the largest ends the last class.
    assert.match(counts, new RegExp(`(^|–)${escape(value)}\n`, 'm'), counts);
    await screenshot(page, 'stats-map');

    // Per 100,000 people: the legend's classes become rates, and the districts' names give both.
    await page.getByRole('radio', { name: 'Per 100,000 people' }).check();
    await legend.getByText('Survivors identified per 100,000 people').waitFor();
    const rates = await legend.innerText();
    assert.notEqual(rates, counts);
    const topRate = Math.max(...shown.map((c) => c.rate_per_100k));
    assert.match(rates, new RegExp(`(^|–)${escape(topRate.toLocaleString('en-IN', { minimumFractionDigits: 1 }))}\n`, 'm'), rates);
    await map.getByRole('img', { name: `${name}: ${top.rate_per_100k.toFixed(1)} per 100,000 people (${value} survivors)`, exact: true }).waitFor();
    await screenshot(page, 'stats-map-rates');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('an analyst gets the microdata for partners of the chosen year', async () => {
    const page = await openPage(browser);
    await signIn(page, ANALYST);
    await dashboard(page);
    const section = page.getByTestId('microdata');
    await section.getByRole('heading', { name: 'Microdata for partners' }).waitFor();
    assert.match(await section.innerText(), /de-identified/);
    assert.match(await section.innerText(), /k-anonymous/);
    for (const [label, layout, format, type] of MICRODATA) {
      const link = section.getByRole('link', { name: label, exact: true });
      const href = await link.getAttribute('href');
      assert.equal(href, `/api/v1/exports/${layout}?fy=${q(fy)}&format=${format}`);
      // What the link downloads, with the analyst's session.
      const res = await page.request.get(BASE + href);
      assert.equal(res.status(), 200, `${label}: ${res.status()}`);
      assert.equal(res.headers()['content-type'].split(';')[0], type, label);
      assert.match(res.headers()['content-disposition'] ?? '', /^attachment/, label);
    }
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
    // On the map every other district is outside its area; Kailali's figure is hidden.
    const map = page.getByTestId('district-map');
    await map.getByRole('img', { name: 'Kailali: hidden to protect people', exact: true }).waitFor();
    await map.getByRole('img', { name: 'Ilam: outside your area', exact: true }).waitFor();
    assert.equal(await map.locator('path[data-district]').count(), 77);
    assert.equal(await map.getByRole('img', { name: /: outside your area$/ }).count(), 76);
    await page.getByTestId('map-legend').getByText('Outside your area').waitFor();
    // No microdata: neither the section nor its links, and the server refuses the download.
    await page.getByRole('heading', { name: 'Annual report' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Microdata for partners' }).count(), 0);
    for (const [label] of MICRODATA) assert.equal(await page.getByRole('link', { name: label }).count(), 0, label);
    assert.equal((await page.request.get(`${BASE}/api/v1/exports/ctdc?fy=${q(fy)}&format=csv`)).status(), 403);
    await screenshot(page, 'stats-committee');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test("a justice record keeps each suspect's arrest, prosecution and verdict", async () => {
    const page = await openPage(browser);
    await signIn(page, `e2e_kworker_${stamp}`);
    await page.goto(`${BASE}/cases/${kailaliCase}`);
    await page.getByRole('navigation', { name: 'Case sections' }).getByRole('link', { name: 'Justice' }).click();
    await page.getByRole('button', { name: 'Add a legal case' }).click();
    const form = page.getByRole('form', { name: 'Add a legal case' });
    await form.getByRole('combobox', { name: 'Law', exact: true }).selectOption('httca_2007');
    await form.getByRole('button', { name: 'Add a suspect' }).click();
    await form.getByLabel('Suspect 1: name').fill('Ram B.');
    await form.getByRole('checkbox', { name: 'Suspect 1: arrested' }).check();
    const prosecuted = form.getByRole('checkbox', { name: 'Suspect 1: prosecuted (charge sheet filed)' });
    assert.equal(await prosecuted.isChecked(), false);
    await form.getByRole('combobox', { name: 'Suspect 1: outcome' }).selectOption('convicted');
    // A verdict on a person means they were prosecuted.
    assert.equal(await prosecuted.isChecked(), true);
    assert.equal(await prosecuted.isDisabled(), true);
    await form.getByRole('button', { name: 'Add a suspect' }).click();
    await form.getByLabel('Suspect 2: name').fill('Shyam K.');
    await form.getByRole('checkbox', { name: 'Suspect 2: prosecuted (charge sheet filed)' }).check();
    await form.getByRole('combobox', { name: 'Suspect 2: outcome' }).selectOption('pending');
    await form.getByRole('button', { name: 'Add a suspect' }).click();
    await form.getByLabel('Suspect 3: name').fill('Unknown driver');
    await screenshot(page, 'stats-justice-form');
    await form.getByRole('button', { name: 'Save' }).click();

    const justice = page.getByTestId('items-justice');
    const suspects = justice.getByTestId('suspect');
    await suspects.first().waitFor();
    assert.deepEqual(await suspects.allInnerTexts(), [
      'Ram B. — Arrested · Prosecuted · Convicted',
      'Shyam K. — Prosecuted · Verdict pending',
      'Unknown driver',
    ]);
    // The server keeps the flags that are set and the outcomes chosen.
    const [item] = (await workerApi.get(`/api/v1/cases/${kailaliCase}/justice`)).items;
    assert.deepEqual(item.suspects, [
      { name: 'Ram B.', arrested: true, prosecuted: true, outcome: 'convicted' },
      { name: 'Shyam K.', prosecuted: true, outcome: 'pending' },
      { name: 'Unknown driver' },
    ]);

    // Edited: Ram B. was not arrested after all, and the driver was.
    await justice.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit: Justice' });
    assert.equal(await edit.getByRole('combobox', { name: 'Suspect 1: outcome' }).inputValue(), 'convicted');
    await edit.getByRole('checkbox', { name: 'Suspect 1: arrested' }).uncheck();
    await edit.getByRole('checkbox', { name: 'Suspect 3: arrested' }).check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await justice.getByTestId('suspect').filter({ hasText: 'Unknown driver — Arrested' }).waitFor();
    assert.deepEqual(await justice.getByTestId('suspect').allInnerTexts(), [
      'Ram B. — Prosecuted · Convicted',
      'Shyam K. — Prosecuted · Verdict pending',
      'Unknown driver — Arrested',
    ]);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('cases closed break down by outcome, named in English and Nepali', async () => {
    const released = await analystApi.get(`/api/v1/stats/query?indicator=cases_closed&by=outcome&fy=${q(fy)}`);
    const cell = (code) => released.cells.find((c) => c.outcome === code);
    for (const code of ['reintegrated_family', 'lost_contact', 'unknown']) assert.ok(cell(code), `${code}: ${JSON.stringify(released.cells)}`);
    const shown = (c) => (c.suppressed ? '–' : c.value.toLocaleString('en-IN'));
    const total = released.cells.find((c) => c.outcome === '*');

    const page = await openPage(browser);
    await signIn(page, ANALYST);
    await dashboard(page);
    // The headlines count the cases closed and the overdue follow-ups too.
    const closed = page.getByTestId('headline-cases_closed');
    await closed.locator('.stat-value', { hasText: shown(total) }).waitFor();
    assert.equal(await closed.locator('.stat-label').innerText(), 'Cases closed, and reintegration outcomes');
    assert.equal(await page.getByTestId('headline-overdue_follow_ups').locator('.stat-label').innerText(), 'Overdue follow-ups');

    await page.getByLabel('Indicator').selectOption('cases_closed');
    await page.getByLabel('Broken down by').selectOption({ label: 'Outcome' });
    const table = page.locator('.stat-table', { has: page.locator('caption', { hasText: `Cases closed, and reintegration outcomes · Outcome · ${fy}` }) });
    const row = (label) => table.locator('tbody tr', { has: page.locator('th', { hasText: new RegExp(`^${escape(label)}$`) }) });
    await row('Reintegrated with family').waitFor();
    const labels = { reintegrated_family: 'Reintegrated with family', lost_contact: 'Contact lost', unknown: 'No outcome recorded' };
    for (const [code, label] of Object.entries(labels)) {
      assert.equal((await row(label).locator('td.num').innerText()).trim().charAt(0), shown(cell(code)).charAt(0), label);
    }
    assert.equal((await row('Total').locator('td.num').innerText()).trim(), shown(total));
    // No value is shown as its code.
    for (const th of await table.locator('tbody th').allInnerTexts()) assert.doesNotMatch(th, /_/, th);
    await screenshot(page, 'stats-outcomes');

    await page.getByRole('button', { name: 'नेपाली' }).click();
    const tableNe = page.locator('.stat-table', { has: page.locator('caption', { hasText: /बन्द भएका केस र पुनर्स्थापनाको नतिजा · नतिजा/ }) });
    const rowNe = (label) => tableNe.locator('tbody tr', { has: page.locator('th', { hasText: new RegExp(`^${escape(label)}$`) }) });
    await rowNe('परिवारमा पुनर्मिलन भएको').waitFor();
    await rowNe('सम्पर्क टुटेको').waitFor();
    await rowNe('नतिजा उल्लेख नगरिएको').waitFor();
    await rowNe('जम्मा').waitFor();
    await screenshot(page, 'stats-outcomes-ne');
    await page.getByRole('button', { name: 'English' }).click();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('survivors by age band are listed from the youngest to the oldest', async () => {
    const BANDS = ['0-8', '9-17', '18-20', '21-23', '24-26', '27-29', '30-38', '39-47', '48+', 'Unknown'];
    const page = await openPage(browser);
    await signIn(page, ANALYST);
    await dashboard(page);
    await page.getByLabel('Broken down by').selectOption({ label: 'Age band' });
    const table = page.locator('.stat-table', { has: page.locator('caption', { hasText: /Age band|उमेर समूह/ }) });
    await table.locator('tbody th', { hasText: /^48\+$/ }).waitFor();
    const rows = (await table.locator('tbody th').allInnerTexts()).map((s) => s.trim());
    assert.equal(rows.pop(), 'Total');
    for (const band of ['9-17', '30-38', '48+']) assert.ok(rows.includes(band), `${band} in ${rows.join(', ')}`);
    const at = rows.map((r) => BANDS.indexOf(r));
    assert.ok(at.every((i, n) => i >= 0 && (n === 0 || i > at[n - 1])), `in band order: ${rows.join(', ')}`);
    // The largest band (30-38) is not first: the order is the bands', not the values'.
    assert.notEqual(rows[0], '30-38');
    await page.getByRole('button', { name: 'नेपाली' }).click();
    await table.locator('tbody th', { hasText: /^४८\+$/ }).waitFor();
    assert.equal((await table.locator('tbody th').first().innerText()).trim(), deva(rows[0]));
    await page.getByRole('button', { name: 'English' }).click();
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
