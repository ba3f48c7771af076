// Browser tests of the case screens against a real samman server, driving Debian's Chromium via playwright-core.
// Same environment as shell.test.mjs: SAMMAN_URL, SAMMAN_ADMIN_USER, SAMMAN_ADMIN_PASSWORD (a system
// administrator, who may not see cases: the test uses the API as that administrator to make an NGO and a case
// worker, then works as the case worker). Skipped without them or without /usr/bin/chromium.
// Screenshots: /tmp/samman-cases-*.png.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN, ADMIN_PASSWORD, BASE, deva, launchChromium, openPage, screenshot, skip, submitSignIn, watch } from './support.mjs';


const stamp = Date.now().toString(36);
const WORKER = `e2e_cw_${stamp}`;
const WORKER_PASSWORD = 'case worker password e2e';
const CASE_NUMBER = /^306-\d{4}-\d{6}$/;

let browser;
/** Filled in by the first test, used by the next ones. */
const made = { id: '', number: '' };

function newPage(viewport) {
  return openPage(browser, viewport);
}

async function shot(page, name) {
  await screenshot(page, `cases-${name}`);
}

async function signIn(page, username, password) {
  await submitSignIn(page, username, password);
  await page.getByTestId('user-name').waitFor();
}

async function noSideways(page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at 360 px (overflow ${overflow}px)`);
}

/** Personal data must not leak into the address, the title or browser storage. */
async function assertNoPersonalDataOutsidePage(page, ...secrets) {
  const where = await page.evaluate(() => ({
    url: location.href,
    title: document.title,
    storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
  }));
  for (const s of secrets) {
    for (const [k, v] of Object.entries(where)) assert.ok(!v.includes(s), `"${s}" must not appear in the ${k}: ${v}`);
  }
}

async function bsDate(ad) {
  const res = await fetch(`${BASE}/api/v1/calendar/convert?ad=${ad}`);
  assert.equal(res.status, 200);
  return (await res.json()).bs;
}

describe('case management', { skip }, () => {
  before(async () => {
    browser = await launchChromium();
    // The administrator (who may not see cases) makes an NGO and a case worker through the API.
    const ctx = await browser.newContext();
    const login = await ctx.request.post(`${BASE}/api/v1/auth/login`, { data: { username: ADMIN, password: ADMIN_PASSWORD } });
    assert.equal(login.status(), 200, 'admin sign-in');
    const headers = { 'X-CSRF-Token': (await login.json()).csrf_token };
    const org = await ctx.request.post(`${BASE}/api/v1/organizations`, { data: { name: `E2E Maiti ${stamp}`, type: 'ngo' }, headers });
    assert.equal(org.status(), 201, `create organisation: ${await org.text()}`);
    const user = await ctx.request.post(`${BASE}/api/v1/users`, {
      data: {
        username: WORKER,
        password: WORKER_PASSWORD,
        organization_id: (await org.json()).id,
        roles: ['case_worker'],
        display_name: 'E2E Case Worker',
      },
      headers,
    });
    assert.equal(user.status(), 201, `create case worker: ${await user.text()}`);
    // The administrator sees no cases.
    const list = await ctx.request.get(`${BASE}/api/v1/cases`);
    assert.ok(list.status() >= 400 || (await list.json()).items.length === 0, 'a system administrator sees no cases');
    await ctx.close();
  });

  after(async () => {
    await browser?.close();
  });

  test('(a) a case worker opens a case through the wizard', async () => {
    const page = await newPage();
    await signIn(page, WORKER, WORKER_PASSWORD);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Cases' }).click();
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    await page.getByText('There are no cases yet.').waitFor();
    await shot(page, 'list-empty');

    await page.getByRole('link', { name: 'New case' }).first().click();
    await page.getByRole('heading', { name: 'Open a new case', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: /Step 1 of 5/ });

    // Next without the essentials: the wizard says what is missing, next to each field.
    await form.getByRole('button', { name: 'Next' }).click();
    await form.getByRole('alert').filter({ hasText: 'Please correct the 3 marked fields' }).waitFor();
    await form.getByText('Give a name, in English letters or in Nepali.').waitFor();
    assert.equal(await form.getByLabel('Sex').getAttribute('aria-invalid'), 'true');
    await shot(page, 'wizard-errors');

    await form.getByLabel('Given name').fill('Sita');
    await form.getByLabel('Family name').fill('Shrestha');
    await form.getByLabel('Sex').selectOption('female');
    await form.getByRole('alert').filter({ hasText: 'Please correct the 1 marked fields' }).waitFor();
    await form.getByLabel('Identification source').selectOption('hotline');
    assert.equal(await form.getByRole('alert').count(), 0, 'errors go as the fields are corrected');
    const district = form.getByLabel('Case district');
    await district.locator('option', { hasText: 'Kathmandu' }).waitFor({ state: 'attached' });
    await district.selectOption({ label: 'Kathmandu' });
    // The identification date is today in BS with the AD date beside it.
    assert.match(await form.getByLabel('Identified on').inputValue(), /^\d{4}-\d{2}-\d{2}$/);
    await shot(page, 'wizard-person');
    await page.setViewportSize({ width: 360, height: 740 });
    await noSideways(page);
    await shot(page, 'wizard-person-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await form.getByRole('button', { name: 'Next' }).click();

    const consent = page.getByRole('form', { name: /Step 2 of 5: Consent/ });
    await consent.waitFor();
    assert.ok(await consent.getByLabel('Receiving services').isChecked(), 'consent to services is proposed');
    for (const item of [
      'Agrees to be interviewed',
      'Told why the information is collected',
      'Told how it will be used and who will see it',
      'Told of the right to see and correct the record',
      'Told how long it is kept',
      'Told consent can be withdrawn at any time',
    ]) {
      await consent.getByLabel(item).check();
    }
    await consent.getByRole('button', { name: 'Next' }).click();

    const profile = page.getByRole('form', { name: /Step 3 of 5: Profile/ });
    await profile.waitFor();
    await profile.getByLabel('Forced labour').check();
    await profile.getByRole('button', { name: 'Next' }).click();

    const event = page.getByRole('form', { name: /Step 4 of 5: First event/ });
    await event.waitFor();
    await event.getByLabel('Record a first event now').check();
    await event.getByRole('combobox', { name: 'Event', exact: true }).selectOption('rescue');
    await event.getByRole('button', { name: 'Today' }).click();
    await event.getByText(/^= \d{1,2} [A-Z][a-z]{2} \d{4} AD$/).waitFor();
    await event.getByLabel('What happened').fill('Rescued at a hotline call-out.');
    // Back keeps what was typed.
    await event.getByRole('button', { name: 'Back' }).click();
    assert.ok(await page.getByRole('form', { name: /Step 3 of 5/ }).getByLabel('Forced labour').isChecked());
    await page.getByRole('form', { name: /Step 3 of 5/ }).getByRole('button', { name: 'Next' }).click();
    await page.getByRole('form', { name: /Step 4 of 5/ }).getByRole('button', { name: 'Next' }).click();

    const review = page.getByRole('form', { name: /Step 5 of 5: Review/ });
    await review.waitFor();
    // Labels and place names arrive with the reference data: wait for each rather than read once.
    for (const s of ['Sita', 'Shrestha', 'Female', 'Hotline', 'Kathmandu', 'Receiving services', 'Forced labour', 'Rescue']) {
      await review.filter({ hasText: s }).waitFor({ timeout: 10000 });
    }
    await shot(page, 'wizard-review');
    await review.getByRole('button', { name: 'Open case' }).click();

    const heading = page.getByRole('heading', { level: 1, name: /^Case 306-/ });
    await heading.waitFor();
    made.number = (await heading.innerText()).replace(/^Case /, '');
    assert.match(made.number, CASE_NUMBER);
    made.id = new URL(page.url()).pathname.split('/')[2];
    await page.getByRole('status').filter({ hasText: `Case ${made.number} opened.` }).waitFor();
    assert.equal(await page.locator('.warnings li').count(), 0, 'consent and event were saved too');
    assert.equal(await page.getByTestId('case-name').innerText(), 'Sita Shrestha');
    await assertNoPersonalDataOutsidePage(page, 'Sita', 'Shrestha');
    await shot(page, 'case-summary');

    // The first event and the consent are on their tabs.
    const tabs = page.getByRole('navigation', { name: 'Case sections' });
    await tabs.getByRole('link', { name: 'Timeline' }).click();
    await page.getByTestId('items-events').getByRole('heading', { name: 'Rescue' }).waitFor();
    await tabs.getByRole('link', { name: 'Consent' }).click();
    const consents = page.getByTestId('items-consents');
    await consents.getByRole('heading', { name: 'Receiving services' }).waitFor();
    await consents.getByText('Active', { exact: true }).waitFor();
    await shot(page, 'case-consent');

    // Workflow: with consent to services the case moves to intake; closing needs a reason.
    await tabs.getByRole('link', { name: 'Summary' }).click();
    await page.getByRole('group', { name: 'Move to' }).getByRole('button', { name: 'Intake' }).click();
    await page.getByRole('button', { name: 'Move the case' }).click();
    await page.getByRole('status').filter({ hasText: 'The case is now at Intake.' }).waitFor();
    await page.getByRole('group', { name: 'Move to' }).getByRole('button', { name: 'Closure' }).click();
    await page.getByRole('button', { name: 'Move the case' }).click();
    await page.getByText('Give a reason.').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await shot(page, 'case-workflow');

    // A follow-up that is already due shows on the home page.
    const yesterday = new Date(Date.now() - 86_400_000);
    const pad = (n) => String(n).padStart(2, '0');
    const due = await bsDate(`${yesterday.getFullYear()}-${pad(yesterday.getMonth() + 1)}-${pad(yesterday.getDate())}`);
    await tabs.getByRole('link', { name: 'Follow-ups' }).click();
    await page.getByRole('button', { name: 'Plan a follow-up' }).click();
    const fu = page.getByRole('form', { name: 'Plan a follow-up' });
    await fu.getByLabel('Due on').fill(due);
    await fu.getByLabel('Purpose').fill('Phone check-in');
    await fu.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('items-follow-ups').getByRole('heading', { name: 'Phone check-in' }).waitFor();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Home' }).click();
    await page.getByTestId('overdue').getByRole('link', { name: `Follow-up in case ${made.number}` }).waitFor();
    await shot(page, 'home-overdue');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('(b) the case is found by a spelling variant and in Devanagari', async () => {
    assert.ok(made.id, 'the wizard test made a case');
    const page = await newPage();
    await signIn(page, WORKER, WORKER_PASSWORD);
    await page.goto(`${BASE}/cases`);
    const table = page.getByTestId('case-table');
    await table.getByRole('link', { name: made.number }).waitFor();

    const search = page.getByRole('searchbox', { name: 'Search cases' });
    const row = () => table.getByRole('row', { name: new RegExp(made.number) });
    for (const q of ['Srestha', 'सीता']) {
      await search.fill(q);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByRole('status').filter({ hasText: /^Cases found: 1$/ }).waitFor();
      await row().filter({ hasText: 'Kathmandu' }).waitFor();  // district names come with reference data
      const text = await row().innerText();
      assert.match(text, /Sita Shrestha/);
      assert.match(text, /Female/);
      assert.match(text, /Kathmandu/);
      assert.match(text, /Intake/);
      await assertNoPersonalDataOutsidePage(page, q, 'Sita');
    }
    await shot(page, 'list-search');

    await search.fill(`Nobody${stamp}`);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('No cases match this search.').waitFor();

    // Filters: Kathmandu, intake, forced labour, opened from this year.
    await page.getByRole('button', { name: 'Clear search and filters' }).click();
    await page.locator('summary', { hasText: 'Filters' }).click();
    await page.getByLabel('Case district').selectOption({ label: 'Kathmandu' });
    await page.getByLabel('Stage').selectOption('intake');
    await page.getByLabel('Exploitation type').selectOption('forced_labour');
    await page.getByLabel('Opened from').fill(made.number.slice(4, 8));
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await row().waitFor();
    await page.getByLabel('Stage').selectOption('closure');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No cases match this search.').waitFor();
    await page.getByRole('button', { name: 'Clear search and filters' }).first().click();
    await row().waitFor();

    // At 360 px the table becomes cards; in Nepali the case number has Devanagari digits.
    await page.setViewportSize({ width: 360, height: 740 });
    await noSideways(page);
    await shot(page, 'list-phone');
    await page.getByRole('button', { name: 'नेपाली' }).click();
    await page.getByRole('heading', { name: 'केसहरू', level: 1 }).waitFor();
    await table.getByRole('link', { name: deva(made.number) }).waitFor();
    await noSideways(page);
    await shot(page, 'list-ne-phone');
    await table.getByRole('link', { name: deva(made.number) }).click();
    await page.getByRole('heading', { level: 1, name: `केस ${deva(made.number)}` }).waitFor();
    await noSideways(page);
    await shot(page, 'case-ne-phone');
    await page.getByRole('button', { name: 'English' }).click();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('(c) saving over someone else\'s change shows a conflict, never overwrites', async () => {
    assert.ok(made.id, 'the wizard test made a case');
    const first = await newPage();
    await signIn(first, WORKER, WORKER_PASSWORD);
    const second = watch(await first.context().newPage());
    for (const page of [first, second]) {
      await page.goto(`${BASE}/cases/${made.id}/person`);
      await page.getByRole('heading', { name: 'Person', level: 2 }).waitFor();
      await page.getByRole('button', { name: 'Edit Person' }).click();
    }

    // The first page saves an age and a phone number.
    const a = first.getByRole('form', { name: 'Edit Person' });
    await a.getByLabel('Age at registration (years)').fill('17');
    await a.getByText('Contact and address').click();
    await a.getByLabel('Phone', { exact: true }).fill('9800000001');
    await a.getByRole('button', { name: 'Save' }).click();
    await first.getByRole('status').filter({ hasText: 'Changes saved.' }).waitFor();
    await first.getByText('9800000001').waitFor();

    // The second page, opened before that save, tries to change the family name.
    const b = second.getByRole('form', { name: 'Edit Person' });
    await b.getByLabel('Family name').fill('Shrestha Overwritten');
    await b.getByRole('button', { name: 'Save' }).click();
    const alert = second.getByRole('alert').filter({ hasText: 'Someone else changed this case' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /Your changes have not been saved/);
    assert.ok(await b.getByRole('button', { name: 'Save' }).isDisabled(), 'no second try over the other change');
    await second.setViewportSize({ width: 360, height: 900 });
    await noSideways(second);
    await shot(second, 'conflict');

    // Reloading shows the other person's change; the overwrite never happened.
    await alert.getByRole('button', { name: 'Reload the case' }).click();
    await second.getByRole('status').filter({ hasText: 'Reloaded' }).waitFor();
    await second.getByText('9800000001').waitFor();
    assert.ok(await second.getByText('17', { exact: true }).isVisible());
    const view = await (await second.request.get(`${BASE}/api/v1/cases/${made.id}`)).json();
    assert.equal(view.person.family_name, 'Shrestha');
    assert.equal(view.person.phone, '9800000001');
    assert.equal(view.person.age_at_registration, 17);
    await shot(second, 'conflict-reloaded');

    // The phone number finds the case too.
    await second.goto(`${BASE}/cases`);
    await second.getByRole('searchbox', { name: 'Search cases' }).fill('9800000001');
    await second.getByRole('button', { name: 'Search', exact: true }).click();
    await second.getByTestId('case-table').getByRole('link', { name: made.number }).waitFor();

    // The access log lists the reads and changes.
    await second.goto(`${BASE}/cases/${made.id}/access-log`);
    const log = second.getByTestId('access-table');
    await log.waitFor();
    assert.match(await log.innerText(), new RegExp(WORKER));
    assert.match(await log.innerText(), /Changed the case/);
    await shot(second, 'access-log');
    assert.deepEqual(first.problems, []);
    assert.deepEqual(second.problems, []);
    await first.context().close();
  });

  test('(d) plan, justice, notes, consent withdrawal and follow-ups', async () => {
    assert.ok(made.id, 'the wizard test made a case');
    const now = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    const today = await bsDate(`${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`);
    const page = await newPage();
    await signIn(page, WORKER, WORKER_PASSWORD);
    await page.goto(`${BASE}/cases/${made.id}/plan`);

    // An assessment with the needs found.
    await page.getByRole('button', { name: 'Add an assessment' }).click();
    const as = page.getByRole('form', { name: 'Add an assessment' });
    await as.getByRole('combobox', { name: 'Assessment', exact: true }).selectOption('needs');
    await as.getByLabel('Legal aid').check();
    await as.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('items-assessments').getByRole('heading', { name: 'Needs assessment' }).waitFor();

    // A delivered service needs its date: the server's field error shows beside the field.
    await page.getByRole('button', { name: 'Plan a service' }).click();
    const sv = page.getByRole('form', { name: 'Plan a service' });
    await sv.getByRole('combobox', { name: 'Service', exact: true }).selectOption('legal');
    await sv.getByRole('combobox', { name: 'Status', exact: true }).selectOption('delivered');
    await sv.getByRole('button', { name: 'Save' }).click();
    await sv.locator('.field-error', { hasText: 'is required when the service was delivered' }).waitFor();
    assert.equal(await sv.getByLabel('Delivered on').getAttribute('aria-invalid'), 'true');
    await sv.getByRole('alert').filter({ hasText: 'Please correct the 1 marked fields' }).waitFor();
    await shot(page, 'service-error');
    await sv.getByLabel('Delivered on').fill(today);
    await sv.getByRole('button', { name: 'Save' }).click();
    const services = page.getByTestId('items-services');
    await services.getByRole('heading', { name: 'Legal aid' }).waitFor();
    await services.getByText('Delivered', { exact: true }).waitFor();

    // A justice record with a suspect and a hearing.
    await page.getByRole('navigation', { name: 'Case sections' }).getByRole('link', { name: 'Justice' }).click();
    await page.getByRole('button', { name: 'Add a legal case' }).click();
    const js = page.getByRole('form', { name: 'Add a legal case' });
    await js.getByRole('combobox', { name: 'Law', exact: true }).selectOption('httca_2007');
    await js.getByLabel('FIR number').fill('123/083');
    await js.getByRole('button', { name: 'Add a suspect' }).click();
    await js.getByLabel('Suspect 1: name').fill('Ram B.');
    const role = js.getByLabel('Suspect 1: role');
    await role.locator('option').nth(1).waitFor({ state: 'attached' });
    await role.selectOption({ index: 1 });
    await js.getByRole('button', { name: 'Add a hearing' }).click();
    await js.getByLabel('Hearing 1: date (BS)').fill(today);
    await js.getByLabel('Hearing 1: note').fill('First hearing');
    await js.getByRole('combobox', { name: 'Verdict', exact: true }).selectOption('pending');
    await shot(page, 'justice-form');
    await js.getByRole('button', { name: 'Save' }).click();
    const justice = page.getByTestId('items-justice');
    await justice.getByRole('heading', { name: /Human Trafficking and Transportation/ }).waitFor();
    assert.match(await justice.innerText(), /Ram B\./);
    assert.match(await justice.innerText(), /First hearing/);

    // A sensitive note stays hidden until asked for.
    await page.getByRole('navigation', { name: 'Case sections' }).getByRole('link', { name: 'Notes' }).click();
    await page.getByRole('button', { name: 'Add a note' }).click();
    const nt = page.getByRole('form', { name: 'Add a note' });
    await nt.getByRole('textbox', { name: 'Note', exact: true }).fill('Afraid the recruiter knows where she lives.');
    await nt.getByLabel('Sensitive').check();
    await nt.getByRole('button', { name: 'Save' }).click();
    const notes = page.getByTestId('items-notes');
    await notes.getByText('Sensitive', { exact: true }).waitFor();
    assert.equal(await notes.getByText(/Afraid the recruiter/).count(), 0, 'hidden until shown');
    await notes.getByRole('button', { name: 'Show the note' }).click();
    await notes.getByText(/Afraid the recruiter/).waitFor();

    // Consent is withdrawn (with a reason), never edited.
    await page.getByRole('navigation', { name: 'Case sections' }).getByRole('link', { name: 'Consent' }).click();
    const consents = page.getByTestId('items-consents');
    await consents.getByRole('button', { name: 'Withdraw consent' }).click();
    await consents.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await consents.getByText('Required.').waitFor();
    await consents.getByLabel('Reason for withdrawal').fill('Moved away');
    await consents.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await consents.getByText('Withdrawn', { exact: true }).waitFor();
    assert.equal(await consents.getByRole('button', { name: 'Edit' }).count(), 0);

    // The overdue follow-up is marked done.
    await page.getByRole('navigation', { name: 'Case sections' }).getByRole('link', { name: 'Follow-ups' }).click();
    const fus = page.getByTestId('items-follow-ups');
    await fus.getByRole('button', { name: 'Mark done today' }).click();
    await fus.getByText('Done', { exact: true }).waitFor();
    await page.setViewportSize({ width: 360, height: 740 });
    await noSideways(page);
    await shot(page, 'followups-phone');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('(e) closing a case records its outcome, shown in either language and kept after a reload', async () => {
    // A case opened through the API, to be closed in the browser.
    const api = await browser.newContext();
    const login = await api.request.post(`${BASE}/api/v1/auth/login`, { data: { username: WORKER, password: WORKER_PASSWORD } });
    assert.equal(login.status(), 200);
    const opened = await api.request.post(`${BASE}/api/v1/cases`, {
      data: {
        person: { given_name: 'Maya', family_name: 'Tamang', sex: 'female', age_at_registration: 19 },
        case: { identification_source: 'hotline', district: '306' },
      },
      headers: { 'X-CSRF-Token': (await login.json()).csrf_token },
    });
    assert.equal(opened.status(), 201, await opened.text());
    const { id } = await opened.json();

    const page = await newPage();
    await signIn(page, WORKER, WORKER_PASSWORD);
    await page.goto(`${BASE}/cases/${id}`);
    const workflow = page.getByRole('region', { name: /^(Workflow|कार्यप्रवाह)$/ });
    // Other moves ask for no outcome.
    await workflow.getByRole('group', { name: 'Move to' }).getByRole('button', { name: 'Intake' }).click();
    await workflow.getByRole('form', { name: 'Move the case to Intake' }).waitFor();
    assert.equal(await workflow.getByLabel('Outcome of the case (optional)').count(), 0);

    // Closing offers the outcomes of the code list, in the UI language; choosing one is optional.
    await workflow.getByRole('group', { name: 'Move to' }).getByRole('button', { name: 'Closure' }).click();
    const form = workflow.getByRole('form', { name: 'Move the case to Closure' });
    const outcome = form.getByRole('combobox', { name: 'Outcome of the case (optional)' });
    await outcome.locator('option', { hasText: 'Reintegrated with family' }).waitFor({ state: 'attached' });
    const options = await outcome.locator('option').allInnerTexts();
    assert.equal(options[0], 'Not recorded');
    assert.ok(options.includes('Contact lost') && options.includes('Died'), options.join(', '));
    assert.equal(options.length, 9, 'not recorded and the 8 outcomes');
    assert.equal(await outcome.inputValue(), '');
    await form.getByLabel('Reason for closing the case').fill('Living with her parents in Sindhupalchok');
    await outcome.selectOption({ label: 'Reintegrated with family' });
    await form.screenshot({ path: '/tmp/samman-cases-close-outcome.png' });
    await page.getByRole('button', { name: 'नेपाली' }).click();
    const formNe = workflow.getByRole('form', { name: /केस बन्द/ });
    const outcomeNe = formNe.getByRole('combobox', { name: 'केसको नतिजा (ऐच्छिक)' });
    assert.equal(await outcomeNe.inputValue(), 'reintegrated_family', 'the choice stays when the language changes');
    const optionsNe = await outcomeNe.locator('option').allInnerTexts();
    assert.deepEqual([optionsNe[0], optionsNe[1]], ['उल्लेख नगरिएको', 'परिवारमा पुनर्मिलन भएको']);
    await formNe.screenshot({ path: '/tmp/samman-cases-close-outcome-ne.png' });
    await page.getByRole('button', { name: 'English' }).click();
    await form.getByRole('button', { name: 'Move the case' }).click();
    await page.getByRole('status').filter({ hasText: 'The case is now at Closure.' }).waitFor();

    // The case's details give the outcome beside the reason for closing, also after a reload and in Nepali.
    const facts = (dt) => page.locator('dl.facts > div', { has: page.locator('dt', { hasText: new RegExp(`^${dt}$`) }) }).locator('dd');
    for (const reload of [false, true]) {
      if (reload) await page.reload();
      await facts('Outcome').filter({ hasText: 'Reintegrated with family' }).waitFor();
      assert.equal(await facts('Reason for closing').innerText(), 'Living with her parents in Sindhupalchok');
      assert.equal(await page.locator('.case-sub .badge').first().innerText(), 'Closed');
    }
    await shot(page, 'closed-outcome');
    await page.getByRole('button', { name: 'नेपाली' }).click();
    await facts('केसको नतिजा').filter({ hasText: 'परिवारमा पुनर्मिलन भएको' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    assert.equal((await (await page.request.get(`${BASE}/api/v1/cases/${id}`)).json()).closure_outcome, 'reintegrated_family');

    // Reopened, the case has no outcome any more; closed again without one, it says none was recorded.
    await workflow.getByRole('button', { name: 'Reopen at Intake' }).click();
    await workflow.getByLabel('Reason for reopening the case').fill('She asked for help again');
    assert.equal(await workflow.getByLabel('Outcome of the case (optional)').count(), 0);
    await workflow.getByRole('button', { name: 'Move the case' }).click();
    await page.getByRole('status').filter({ hasText: 'The case is now at Intake.' }).waitFor();
    assert.equal(await facts('Outcome').count(), 0);
    assert.equal((await (await page.request.get(`${BASE}/api/v1/cases/${id}`)).json()).closure_outcome, null);
    await workflow.getByRole('group', { name: 'Move to' }).getByRole('button', { name: 'Closure' }).click();
    await form.getByLabel('Reason for closing the case').fill('Moved abroad for work');
    await form.getByRole('button', { name: 'Move the case' }).click();
    await facts('Outcome').filter({ hasText: 'Not recorded' }).waitFor();
    assert.equal((await (await page.request.get(`${BASE}/api/v1/cases/${id}`)).json()).closure_outcome, null);
    assert.deepEqual(page.problems, []);
    await page.context().close();
    await api.close();
  });
});
