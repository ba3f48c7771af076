// Browser tests of the service directory and referrals against a real samman server (Debian's Chromium via
// playwright-core). Same environment as cases.test.mjs: the administrator is used only through the API, to make
// two NGOs with a case worker each, a directory listing linked to the receiving NGO (a public office and a
// confidential safe house) and, as the sending case worker, a case in Banke. Then in the browser: an anonymous
// visitor finds legal aid in Banke; the sender refers the case (consent is asked for and recorded); the receiver
// accepts, sees only the shared sections, starts and completes; the shared view then ends.
// Screenshots: /tmp/samman-referrals-*.png.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN, ADMIN_PASSWORD, BASE, deva, launchChromium, openPage, screenshot, skip, submitSignIn } from './support.mjs';

const stamp = Date.now().toString(36);
const PASSWORD = 'referral e2e password';
const SENDER = `e2e_send_${stamp}`;
const RECEIVER = `e2e_recv_${stamp}`;
const BANKE = '511'; // data/nepal-admin-units.csv: district 511 is Banke (Lumbini)
const RECEIVER_ORG = `Banke Legal Aid ${stamp}`;
const SERVICE = `Free legal aid ${stamp}`;
const SECRET_ADDRESS = `Hidden Lane ${stamp}`;
const PUBLIC_ADDRESS = 'Tribhuvan Chowk';
const CASE_NUMBER = /^511-\d{4}-\d{6}$/;
const CHECKLIST = [
  'Agrees to be interviewed',
  'Told why the information is collected',
  'Told how it will be used and who will see it',
  'Told it may be used, without the name, for research and statistics',
  'Told of the right to see and correct the record',
  'Told how long it is kept',
  'Told consent can be withdrawn at any time',
];

let browser;
const made = { serviceId: '', safeHouseId: '', caseId: '', caseNumber: '', referralId: '' };

const shot = (page, name) => screenshot(page, `referrals-${name}`);
/** The visible window only (a modal dialog scrolls inside it, so a full-page shot would miss it). */
const viewShot = (page, name) => page.screenshot({ path: `/tmp/samman-referrals-${name}.png` });

async function signIn(page, username) {
  await submitSignIn(page, username, PASSWORD);
  await page.getByTestId('user-name').waitFor();
}

async function noSideways(page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at a phone's width (overflow ${overflow}px)`);
}

/** A signed-in API client (its own browser context) that sends the CSRF token on writes. */
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
  return { ctx, call, post: (path, data) => call('POST', path, data, 201) };
}

async function bsDate(ad) {
  const res = await fetch(`${BASE}/api/v1/calendar/convert?ad=${ad}`);
  assert.equal(res.status, 200);
  return (await res.json()).bs;
}
const adInDays = (days) => {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

describe('directory and referrals', { skip }, () => {
  before(async () => {
    browser = await launchChromium();
    const admin = await apiAs(ADMIN, ADMIN_PASSWORD);
    // Two NGOs using Samman, each with a case worker.
    const receiverOrg = await admin.post('/api/v1/organizations', { name: RECEIVER_ORG, type: 'ngo' });
    const senderOrg = await admin.post('/api/v1/organizations', { name: `E2E Sending NGO ${stamp}`, type: 'ngo' });
    for (const [username, org, name] of [
      [RECEIVER, receiverOrg.id, 'E2E Receiving Worker'],
      [SENDER, senderOrg.id, 'E2E Sending Worker'],
    ]) {
      await admin.post('/api/v1/users', { username, password: PASSWORD, organization_id: org, roles: ['case_worker'], display_name: name });
    }
    // The receiving NGO's directory listing: a public office and a confidential safe house, and legal aid at both.
    const dirOrg = await admin.post('/api/v1/directory/organizations', {
      name: RECEIVER_ORG,
      name_ne: 'बाँके कानुनी सहायता',
      sector: 'ngo',
      district: BANKE,
      phone: '081-520000',
      samman_organization_id: receiverOrg.id,
      last_verified: adInDays(0),
    });
    const office = await admin.post('/api/v1/directory/locations', {
      organization_id: dirOrg.id,
      name: 'Nepalgunj office',
      location_type: 'physical',
      district: BANKE,
      address: PUBLIC_ADDRESS,
      phone: '081-520001',
    });
    const safeHouse = await admin.post('/api/v1/directory/locations', {
      organization_id: dirOrg.id,
      name: 'Safe house',
      location_type: 'physical',
      confidential: true,
      district: BANKE,
      address: SECRET_ADDRESS,
      contact_route: 'Call the hotline 1145; staff will meet you',
    });
    made.safeHouseId = safeHouse.id;
    const service = await admin.post('/api/v1/directory/services', {
      organization_id: dirOrg.id,
      name: SERVICE,
      name_ne: 'निःशुल्क कानुनी सहायता',
      description: 'Lawyers advise survivors, help file complaints and follow court cases.',
      taxonomy: ['legal_aid'],
      free: true,
      eligibility_description: 'Survivors of trafficking and their families.',
      target_groups: ['trafficking_survivors'],
      required_documents: ['Citizenship certificate, if there is one'],
      service_areas: [BANKE],
      capacity: [{ unit: 'bed', available: 3, maximum: 20 }],
      locations: [
        { location_id: office.id, schedules: [{ days: ['SU', 'MO', 'TU', 'WE', 'TH', 'FR'], opens_at: '10:00', closes_at: '17:00' }] },
        { location_id: safeHouse.id, schedules: [{ days: ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'], opens_at: '00:00', closes_at: '24:00' }] },
      ],
      last_verified: adInDays(0),
    });
    made.serviceId = service.id;
    await admin.ctx.close();

    // The sending case worker's case, in Banke.
    const sender = await apiAs(SENDER, PASSWORD);
    const kase = await sender.post('/api/v1/cases', {
      person: { given_name: 'Maya', family_name: 'Tharu', sex: 'female', phone: '9800000077' },
      case: { identification_source: 'hotline', district: BANKE },
      victim_profile: { exploitation_types: ['forced_labour'] },
    });
    made.caseId = kase.id;
    made.caseNumber = kase.case_number;
    assert.match(made.caseNumber, CASE_NUMBER);
    await sender.call('POST', `/api/v1/cases/${kase.id}/assessments`, { type: 'needs', date: adInDays(0), needs: ['legal'] }, 201);
    await sender.ctx.close();
  });

  after(async () => {
    await browser?.close();
  });

  test('(a) an anonymous visitor finds legal aid in Banke; a confidential address never shows', async () => {
    // The API leaves the safe house's address out for anonymous callers.
    const loc = await (await fetch(`${BASE}/api/v1/directory/locations/${made.safeHouseId}`)).json();
    assert.equal(loc.address_hidden, true);
    assert.ok(!JSON.stringify(loc).includes(SECRET_ADDRESS));

    const page = await openPage(browser);
    await page.goto(`${BASE}/directory`);
    await page.getByRole('heading', { name: 'Service directory', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    const taxonomy = page.getByLabel('Type of service');
    await taxonomy.locator('option', { hasText: 'Legal aid' }).waitFor({ state: 'attached' });
    await taxonomy.selectOption('legal_aid');
    const district = page.getByLabel('District', { exact: true });
    await district.locator('option', { hasText: 'Banke' }).waitFor({ state: 'attached' });
    await district.selectOption({ label: 'Banke' });
    const results = page.getByTestId('dir-results');
    const result = results.getByRole('listitem').filter({ hasText: SERVICE });
    await result.waitFor();
    await result.filter({ hasText: 'Banke' }).waitFor();
    assert.match(await result.innerText(), /Legal aid/);
    assert.match(await result.innerText(), new RegExp(RECEIVER_ORG));
    assert.match(await result.innerText(), /Beds: 3 of 20 free/);
    await shot(page, 'directory');

    // The district view counts the matches per district and filters by the one chosen.
    await page.getByRole('button', { name: 'By district' }).click();
    const row = page.getByTestId('dir-districts').getByRole('row').filter({ hasText: 'Banke' });
    await row.waitFor();
    assert.match(await row.innerText(), /\d+/);
    await shot(page, 'directory-districts');
    await row.getByRole('button', { name: 'Banke' }).click();
    await result.waitFor();

    // In Nepali the service is named in Nepali.
    await page.getByRole('button', { name: 'नेपाली' }).click();
    await results.getByRole('link', { name: 'निःशुल्क कानुनी सहायता' }).first().waitFor();
    await page.getByRole('heading', { name: 'सेवा निर्देशिका', level: 1 }).waitFor();
    await results.getByText('बाँके').first().waitFor();
    await shot(page, 'directory-ne');
    await page.getByRole('button', { name: 'English' }).click();

    await results.getByRole('link', { name: SERVICE }).click();
    await page.getByRole('heading', { name: SERVICE, level: 1 }).waitFor();
    await page.getByText(PUBLIC_ADDRESS).waitFor();
    const safe = page.locator('.location').filter({ hasText: 'Safe house' });
    await safe.getByText('Address withheld for safety').waitFor();
    await safe.getByText('Call the hotline 1145; staff will meet you').waitFor();
    await page.getByText('Round the clock').waitFor();
    await page.locator('.hours li', { hasText: /Sun–Fri\s*10:00–17:00/ }).waitFor();
    assert.ok(!(await page.content()).includes(SECRET_ADDRESS), 'the confidential address is nowhere in the page');
    await shot(page, 'service');
    await page.setViewportSize({ width: 360, height: 740 });
    await noSideways(page);
    await shot(page, 'service-phone');
    await page.goto(`${BASE}/directory`);
    await page.getByRole('heading', { name: 'Service directory', level: 1 }).waitFor();
    await noSideways(page);
    await shot(page, 'directory-phone');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('(b) the sender refers the case; consent is asked for and recorded', async () => {
    assert.ok(made.caseId, 'the setup made a case');
    const page = await openPage(browser);
    await signIn(page, SENDER);
    await page.goto(`${BASE}/cases/${made.caseId}`);
    await page.getByRole('heading', { level: 1, name: `Case ${made.caseNumber}` }).waitFor();
    await page.getByRole('button', { name: 'Refer', exact: true }).click();

    const dialog = page.getByRole('dialog', { name: `Refer case ${made.caseNumber}` });
    await dialog.waitFor();
    // The search starts in the case's district.
    const district = dialog.getByLabel('District', { exact: true });
    await district.locator('option', { hasText: 'Banke' }).waitFor({ state: 'attached' });
    assert.equal(await district.inputValue(), BANKE);
    const taxonomy = dialog.getByLabel('Type of service');
    await taxonomy.locator('option', { hasText: 'Legal aid' }).waitFor({ state: 'attached' });
    await taxonomy.selectOption('legal_aid');
    const office = dialog.getByRole('radio', { name: new RegExp(`${SERVICE}.*Nepalgunj office`) });
    await office.waitFor();

    // Sending without a choice and a reason says what is missing.
    await dialog.getByRole('button', { name: 'Send referral' }).click();
    await dialog.getByText('Choose a service from the results.').waitFor();
    await dialog.getByText('Required.').first().waitFor();
    await office.check();
    await dialog.getByLabel('Reason for the referral').fill('Needs a lawyer for the hearing');
    await dialog.getByLabel('Urgency').selectOption('high');
    await dialog.getByLabel(/Needed by/).fill(await bsDate(adInDays(10)));
    await dialog.getByText(/^= \d{1,2} [A-Z][a-z]{2} \d{4} AD$/).waitFor();
    // Identity, contact and assessments are proposed; nothing else.
    for (const s of ['Identity', 'Contact', 'Assessments']) assert.ok(await dialog.getByRole('checkbox', { name: new RegExp(`^${s} `) }).isChecked(), s);
    for (const s of ['Documents', 'Trafficking profile', 'Justice']) assert.ok(!(await dialog.getByRole('checkbox', { name: new RegExp(`^${s} `) }).isChecked()), s);
    await viewShot(page, 'refer-dialog');
    await dialog.getByRole('button', { name: 'Send referral' }).click();

    // No consent to share with the receiving organisation yet: the checklist appears in the dialog.
    await dialog.getByRole('heading', { name: 'Consent to share is needed' }).waitFor();
    await dialog.getByRole('button', { name: 'Record consent and send' }).click();
    await dialog.getByText('Consent can be recorded only if the person agrees to be interviewed.').waitFor();
    for (const item of CHECKLIST) await dialog.getByLabel(item).check();
    assert.match(await dialog.getByLabel(/^Given on/).inputValue(), /^\d{4}-\d{2}-\d{2}$/);
    await viewShot(page, 'refer-consent');
    await page.setViewportSize({ width: 360, height: 740 });
    const dialogOverflow = await dialog.evaluate((d) => d.scrollWidth - d.clientWidth);
    assert.ok(dialogOverflow <= 0, `the dialog does not scroll sideways on a phone (overflow ${dialogOverflow}px)`);
    await viewShot(page, 'refer-consent-phone');
    await dialog.getByRole('heading', { name: '1. Find a service' }).scrollIntoViewIfNeeded();
    await viewShot(page, 'refer-dialog-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await dialog.getByRole('button', { name: 'Record consent and send' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('status').filter({ hasText: /^Referral sent to / }).waitFor();
    const list = page.getByTestId('case-referrals');
    const item = list.getByRole('listitem').filter({ hasText: SERVICE });
    await item.getByText('Sent', { exact: true }).waitFor();
    await item.getByText('Identity, Contact, Assessments').waitFor();
    made.referralId = (await item.getByRole('link', { name: SERVICE }).getAttribute('href')).split('/').pop();
    // The consent is on the Consent tab.
    await page.getByRole('navigation', { name: 'Case sections' }).getByRole('link', { name: 'Consent' }).click();
    await page.getByTestId('items-consents').getByRole('heading', { name: 'Sharing with another organisation' }).waitFor();
    await page.goto(`${BASE}/cases/${made.caseId}/referrals`);
    await item.waitFor();
    await shot(page, 'case-referrals');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('(c) the receiver accepts, sees only the shared sections, starts and completes', async () => {
    assert.ok(made.referralId, 'the sender made a referral');
    const page = await openPage(browser);
    await signIn(page, RECEIVER);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Referrals' }).click();
    await page.getByRole('heading', { name: 'Referrals', level: 1 }).waitFor();
    const boxes = page.getByRole('navigation', { name: 'Referral boxes' });
    await boxes.getByRole('link', { name: /Incoming 1 awaiting a response/ }).waitFor();
    await page.getByRole('group', { name: 'Filter by status' }).getByRole('button', { name: 'Sent 1' }).waitFor();
    const row = page.getByTestId('referral-table').getByRole('row').filter({ hasText: made.caseNumber });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(SERVICE));
    assert.match(await row.innerText(), /E2E Sending NGO/);
    assert.match(await row.innerText(), /High/);
    await shot(page, 'inbox');
    await page.setViewportSize({ width: 360, height: 740 });
    await noSideways(page);
    await shot(page, 'inbox-phone');
    // In Nepali: Devanagari digits in the case number and the counts.
    await page.getByRole('button', { name: 'नेपाली' }).click();
    await page.getByTestId('referral-table').getByRole('link', { name: deva(made.caseNumber) }).waitFor();
    await page.getByRole('navigation', { name: 'प्रेषण बाकस' }).getByRole('link', { name: /आएका १/ }).waitFor();
    await noSideways(page);
    await shot(page, 'inbox-ne-phone');
    await page.getByRole('button', { name: 'English' }).click();
    await page.setViewportSize({ width: 1280, height: 900 });

    await row.getByRole('link', { name: made.caseNumber }).click();
    await page.getByRole('heading', { level: 1, name: `Referral for case ${made.caseNumber}` }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Open shared case view' }).count(), 0, 'not before accepting');
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await page.getByLabel('Note (optional)').fill('A lawyer will call tomorrow.');
    await page.getByRole('button', { name: 'Accept the referral' }).click();
    await page.getByRole('status').filter({ hasText: 'The referral is now: Accepted.' }).waitFor();
    await page.getByTestId('referral-history').getByText('A lawyer will call tomorrow.').waitFor();
    await shot(page, 'referral-accepted');

    // The shared case view: the banner, the shared sections only, nothing to change.
    await page.getByRole('link', { name: 'Open shared case view' }).click();
    await page.getByRole('heading', { level: 1, name: `Case ${made.caseNumber}` }).waitFor();
    await page.getByTestId('shared-banner').filter({ hasText: 'Shared with you by referral: Identity, Contact, Assessments.' }).waitFor();
    assert.equal(await page.getByTestId('case-name').innerText(), 'Maya Tharu');
    const tabs = page.getByRole('navigation', { name: 'Case sections' });
    assert.deepEqual(await tabs.getByRole('link').allInnerTexts(), ['Summary', 'Person', 'Plan and services']);
    for (const hidden of ['Refer', 'Edit', 'Edit Case details']) assert.equal(await page.getByRole('button', { name: hidden, exact: true }).count(), 0, hidden);
    assert.equal(await page.getByRole('heading', { name: 'Workflow' }).count(), 0);
    await shot(page, 'shared-case');
    await tabs.getByRole('link', { name: 'Person' }).click();
    await page.getByText('9800000077').waitFor();
    await tabs.getByRole('link', { name: 'Plan and services' }).click();
    await page.getByTestId('items-assessments').getByRole('heading', { name: 'Needs assessment' }).waitFor();
    assert.equal(await page.getByTestId('items-services').count(), 0, 'services were not shared');
    assert.equal(await page.getByRole('button', { name: 'Add an assessment' }).count(), 0);
    // The victim profile was not shared: the tab is absent and its address shows the summary.
    await page.goto(`${BASE}/cases/${made.caseId}/profile`);
    await page.getByRole('heading', { name: 'Case details', level: 2 }).waitFor();
    assert.equal(await page.getByText('Forced labour').count(), 0);
    await page.setViewportSize({ width: 360, height: 740 });
    await noSideways(page);
    await shot(page, 'shared-case-phone');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Start, then complete with an outcome (required).
    await page.goto(`${BASE}/referrals/${made.referralId}`);
    await page.getByRole('button', { name: 'Start work' }).click();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'The referral is now: In progress.' }).waitFor();
    await page.getByRole('button', { name: 'Complete', exact: true }).click();
    await page.getByRole('button', { name: 'Mark completed' }).click();
    await page.getByText('Required.').waitFor();
    await page.getByLabel('Outcome').fill('Complaint filed at the district court.');
    await page.getByRole('button', { name: 'Mark completed' }).click();
    await page.getByRole('status').filter({ hasText: 'The referral is now: Completed.' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Open shared case view' }).count(), 0);
    await shot(page, 'referral-completed');

    // The grant has ended.
    await page.goto(`${BASE}/cases/${made.caseId}`);
    await page.getByRole('heading', { name: 'Case not found', level: 1 }).waitFor();
    assert.equal(await page.getByText('Maya').count(), 0);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('(d) the sender sees the outcome', async () => {
    assert.ok(made.referralId, 'the sender made a referral');
    const page = await openPage(browser);
    await signIn(page, SENDER);
    await page.goto(`${BASE}/referrals/outgoing`);
    const row = page.getByTestId('referral-table').getByRole('row').filter({ hasText: made.caseNumber });
    await row.getByText('Completed', { exact: true }).waitFor();
    await row.getByRole('link', { name: made.caseNumber }).click();
    await page.getByText('Complaint filed at the district court.').first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Cancel the referral' }).count(), 0, 'a completed referral cannot be cancelled');
    await shot(page, 'referral-sender');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('(e) a directory editor manages a listing: validation, field errors, a conflict, deletes', async () => {
    const EDITOR = `e2e_dir_${stamp}`;
    const admin = await apiAs(ADMIN, ADMIN_PASSWORD);
    const office = await admin.post('/api/v1/organizations', { name: `E2E Directory Office ${stamp}`, type: 'ministry' });
    await admin.post('/api/v1/users', { username: EDITOR, password: PASSWORD, organization_id: office.id, roles: ['directory_editor'], display_name: 'E2E Directory Editor' });
    await admin.ctx.close();
    const ORG = `E2E Shelter Network ${stamp}`;

    const page = await openPage(browser);
    await signIn(page, EDITOR);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Directory' }).click();
    await page.getByRole('link', { name: 'Manage listings' }).click();
    await page.getByRole('heading', { name: 'Manage the directory', level: 1 }).waitFor();

    // A new organisation: the required fields are checked before anything is sent.
    await page.getByRole('button', { name: 'New organisation' }).click();
    const orgForm = page.getByRole('form', { name: 'New organisation' });
    await orgForm.getByRole('button', { name: 'Save' }).click();
    await orgForm.getByRole('alert').filter({ hasText: 'Please correct the 2 marked fields' }).waitFor();
    await orgForm.getByRole('textbox', { name: 'Name', exact: true }).fill(ORG);
    await orgForm.getByLabel('Sector').selectOption('ngo');
    const orgDistrict = orgForm.getByRole('combobox', { name: 'District', exact: true });
    await orgDistrict.locator('option', { hasText: 'Banke' }).waitFor({ state: 'attached' });
    await orgDistrict.selectOption({ label: 'Banke' });
    await orgForm.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: ORG, level: 1 }).waitFor();
    const orgId = new URL(page.url()).pathname.split('/').pop();

    // Someone else changes the organisation while it is being edited: the save is refused, nothing is overwritten.
    await page.getByRole('button', { name: 'Edit Organisation details' }).click();
    const edit = page.getByRole('form', { name: 'Edit Organisation details' });
    await edit.getByLabel('Phone').fill('081-111111');
    const other = await apiAs(EDITOR, PASSWORD);
    const current = await other.call('GET', `/api/v1/directory/organizations/${orgId}`, undefined, 200);
    const res = await other.ctx.request.fetch(`${BASE}/api/v1/directory/organizations/${orgId}`, {
      method: 'PATCH',
      data: { phone: '081-222222' },
      headers: { 'If-Match': `"${current.version}"`, 'X-CSRF-Token': (await (await other.ctx.request.get(`${BASE}/api/v1/me`)).json()).csrf_token },
    });
    assert.equal(res.status(), 200, await res.text());
    await other.ctx.close();
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: 'Someone else changed this record' }).waitFor();
    await shot(page, 'manage-conflict');
    await page.getByRole('button', { name: 'Reload', exact: true }).click();
    await page.getByText('081-222222').waitFor();

    // A confidential location; coordinates must be numbers.
    await page.getByRole('button', { name: 'Add a location' }).click();
    const locForm = page.getByRole('form', { name: 'Add a location' });
    await locForm.getByRole('textbox', { name: 'Name', exact: true }).fill('Transit home');
    await locForm.getByRole('checkbox', { name: /^Confidential/ }).check();
    await locForm.getByLabel('How to make contact').fill('Call 1145 and ask for the transit home');
    await locForm.getByLabel('Address', { exact: true }).fill(`Quiet Street ${stamp}`);
    await locForm.getByLabel('Latitude').fill('north');
    await locForm.getByLabel('Longitude').fill('81.6');
    await locForm.getByRole('button', { name: 'Save' }).click();
    await locForm.getByText('Write a number, e.g. 28.05.').waitFor();
    await locForm.getByLabel('Latitude').fill('28.05');
    await locForm.getByRole('button', { name: 'Save' }).click();
    const location = page.getByTestId('dir-location').filter({ hasText: 'Transit home' });
    await location.getByText('Confidential location').waitFor();
    await location.getByText(`Quiet Street ${stamp}`).waitFor(); // an editor sees the address

    // A shelter service there; the server's field error (an impossible age) shows beside its field.
    await page.getByRole('button', { name: 'Add a service' }).click();
    const svcForm = page.getByRole('form', { name: 'Add a service' });
    await svcForm.getByRole('textbox', { name: 'Name', exact: true }).fill(`Transit shelter ${stamp}`);
    await svcForm.getByRole('checkbox', { name: 'Shelter', exact: true }).check();
    await svcForm.getByLabel('Minimum age (years)').fill('150');
    await svcForm.getByRole('button', { name: 'Add capacity' }).click();
    await svcForm.getByLabel('Capacity 1: free').fill('2');
    await svcForm.getByLabel('Capacity 1: total').fill('10');
    await svcForm.getByRole('button', { name: 'Offer the service at a location' }).click();
    await svcForm.getByRole('button', { name: 'Add opening hours (Location 1)' }).click();
    await shot(page, 'manage-service-form');
    await svcForm.getByRole('button', { name: 'Save' }).click();
    await svcForm.locator('.field.has-error', { hasText: 'Minimum age' }).locator('.field-error').waitFor();
    assert.equal(await svcForm.getByLabel('Minimum age (years)').getAttribute('aria-invalid'), 'true');
    await svcForm.getByLabel('Minimum age (years)').fill('12');
    await svcForm.getByRole('button', { name: 'Save' }).click();
    const service = page.getByTestId('dir-service').filter({ hasText: `Transit shelter ${stamp}` });
    await service.waitFor();
    await shot(page, 'manage-org');
    await page.setViewportSize({ width: 360, height: 740 });
    await noSideways(page);
    await shot(page, 'manage-org-phone');
    await page.setViewportSize({ width: 1280, height: 900 });

    // The location is in use: deleting it is refused with the server's reason; the service goes first.
    await location.getByRole('button', { name: 'Delete Transit home' }).click();
    await location.getByRole('button', { name: 'Yes, delete' }).click();
    await location.getByRole('alert').waitFor();
    await location.getByRole('button', { name: 'Cancel' }).click();
    await service.getByRole('button', { name: `Delete Transit shelter ${stamp}` }).click();
    await service.getByRole('button', { name: 'Yes, delete' }).click();
    await service.waitFor({ state: 'detached' });
    await location.getByRole('button', { name: 'Delete Transit home' }).click();
    await location.getByRole('button', { name: 'Yes, delete' }).click();
    await location.waitFor({ state: 'detached' });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
