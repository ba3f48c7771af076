// The HSDS 3.0 API, validated from outside: every answer must satisfy the Open Referral JSON Schemas
// (data/hsds-3.0, JSON Schema 2020-12, checked with ajv), plain and with our profile merged in, and
// no anonymous answer may carry a confidential location's address. No browser needed.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { BASE, ADMIN, ADMIN_PASSWORD } from './support.mjs';

const skip = !BASE || !ADMIN || !ADMIN_PASSWORD ? 'set SAMMAN_URL, SAMMAN_ADMIN_USER and SAMMAN_ADMIN_PASSWORD' : false;
const ROOT = new URL('../../', import.meta.url);
const readJson = (path) => JSON.parse(readFileSync(new URL(path, ROOT), 'utf8'));

const SECRET = 'Lane of the hidden gate 9';
const SECRET_PHONE = '081-777777';

/** RFC 7386 JSON Merge Patch. */
function mergePatch(target, patch) {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function validators() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const full = readJson('data/hsds-3.0/compiled/service_with_definitions.json');
  const openapi = readJson('data/hsds-3.0/openapi.json');
  const profile = readJson('docs/api/hsds-profile.json').schemas;
  // Our profile applied where its patches belong: the service itself and its nested definitions.
  const profiled = mergePatch(full, profile['service.json']);
  profiled.definitions = { ...profiled.definitions };
  for (const [file, name] of [['location.json', 'location'], ['organization.json', 'organization'], ['taxonomy_term.json', 'taxonomy_term']]) {
    profiled.definitions[name] = mergePatch(profiled.definitions[name], profile[file]);
  }
  ajv.addSchema({ ...full, $id: 'hsds:full' });
  ajv.addSchema({ ...profiled, $id: 'hsds:profiled' });
  const page = openapi.components.schemas.Page;
  const rootSchema = openapi.paths['/'].get.responses['200'].content['application/json'].schema;
  const listItem = (file) => ({ ...readJson(`data/hsds-3.0/compiled/${file}`) });
  return {
    root: ajv.compile(rootSchema),
    page: ajv.compile(page),
    service: ajv.compile({ $ref: 'hsds:full' }),
    serviceProfiled: ajv.compile({ $ref: 'hsds:profiled' }),
    serviceItem: ajv.compile(listItem('service_list.json')),
    organizationItem: ajv.compile(listItem('organization_list.json')),
    salItem: ajv.compile(listItem('service_at_location_list.json')),
    organization: ajv.compile({ $ref: 'hsds:full#/definitions/organization' }),
    organizationProfiled: ajv.compile({ $ref: 'hsds:profiled#/definitions/organization' }),
    sal: ajv.compile({ $ref: 'hsds:full#/definitions/service_at_location' }),
    taxonomy: ajv.compile({ $ref: 'hsds:full#/definitions/taxonomy' }),
    term: ajv.compile({ $ref: 'hsds:full#/definitions/taxonomy_term' }),
    termProfiled: ajv.compile({ $ref: 'hsds:profiled#/definitions/taxonomy_term' }),
  };
}

function check(validate, value, what) {
  const ok = validate(value);
  assert.ok(ok, `${what} does not validate: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
}

async function anonymous(path) {
  const res = await fetch(BASE + path);
  const text = await res.text();
  assert.equal(res.status, 200, `${path}: ${text}`);
  assert.ok(!text.includes(SECRET) && !text.includes(SECRET_PHONE), `${path} reveals a confidential address`);
  return JSON.parse(text);
}

let ids = {};

before(async () => {
  if (skip) return;
  const login = await fetch(BASE + '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: ADMIN, password: ADMIN_PASSWORD }),
  });
  assert.equal(login.status, 200);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrf_token } = await login.json();
  const post = async (path, body) => {
    const res = await fetch(BASE + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf_token },
      body: JSON.stringify(body),
    });
    const json = await res.json();
    assert.equal(res.status, 201, JSON.stringify(json));
    return json;
  };
  const stamp = Date.now();
  const org = await post('/api/v1/directory/organizations', {
    name: `HSDS check shelter ${stamp}`, sector: 'ngo', district: '511', email: 'help@example.org',
    website: 'https://example.org', phone: '081-520001', description: 'Shelter and legal aid',
  });
  const house = await post('/api/v1/directory/locations', {
    organization_id: org.id, name: 'Safe house', confidential: true, district: '511', local_level: '51106',
    ward: 4, address: SECRET, phone: SECRET_PHONE, latitude: 28.06, longitude: 81.62, contact_route: 'Through the district police',
  });
  const office = await post('/api/v1/directory/locations', {
    organization_id: org.id, name: 'Office', district: '511', local_level: '51106', ward: 1, address: 'Tribhuvan Chowk', phone: '081-520002',
  });
  const shelter = await post('/api/v1/directory/services', {
    organization_id: org.id, name: `Emergency shelter ${stamp}`, taxonomy: ['shelter'], sexes: ['female'], minimum_age: 10,
    languages: ['nepali', 'awadhi'], required_documents: ['none'], service_areas: ['511', '512'], phone: '081-520003',
    url: 'https://example.org/shelter', capacity: [{ unit: 'bed', available: 2, maximum: 12 }],
    locations: [{ location_id: house.id, schedules: [{ days: ['MO', 'TU'], opens_at: '00:00', closes_at: '24:00' }] }],
  });
  const legal = await post('/api/v1/directory/services', {
    organization_id: org.id, name: `Legal aid ${stamp}`, taxonomy: ['legal_aid'], free: false, fees_description: 'Sliding scale',
    locations: [{ location_id: office.id, schedules: [{ days: ['SU', 'MO', 'TU', 'WE', 'TH', 'FR'], opens_at: '10:00', closes_at: '17:00' }] }],
  });
  ids = { org: org.id, shelter: shelter.id, legal: legal.id, sal: shelter.locations[0].id };
});

test('GET /hsds/ names the version, our profile and the OpenAPI document', { skip }, async () => {
  const v = validators();
  const root = await anonymous('/hsds/');
  check(v.root, root, '/hsds/');
  assert.equal(root.version, '3.0');
  const profile = await anonymous(new URL(root.profile).pathname);
  assert.ok(profile.schemas['location.json'].properties.confidential);
});

test('service lists and nested services validate, plain and with the profile', { skip }, async () => {
  const v = validators();
  const page = await anonymous('/hsds/services?per_page=500');
  check(v.page, page, '/hsds/services page');
  assert.ok(page.contents.length >= 2);
  for (const item of page.contents) check(v.serviceItem, item, `service list item ${item.id}`);
  for (const id of [ids.shelter, ids.legal]) {
    const full = await anonymous(`/hsds/services/${id}`);
    check(v.service, full, `/hsds/services/${id}`);
    check(v.serviceProfiled, full, `/hsds/services/${id} (profile)`);
  }
  const shelter = await anonymous(`/hsds/services/${ids.shelter}`);
  const location = shelter.service_at_locations[0].location;
  assert.equal(location.confidential, true);
  assert.equal(location.addresses, undefined);
  assert.equal(location.latitude, undefined);
  assert.equal(shelter.capacities[0].available, 2);
  const legal = await anonymous(`/hsds/services/${ids.legal}`);
  assert.equal(legal.service_at_locations[0].location.addresses[0].address_1, 'Tribhuvan Chowk, Ward 1');
});

test('organizations, services at locations and the taxonomy validate', { skip }, async () => {
  const v = validators();
  const orgs = await anonymous('/hsds/organizations?per_page=500');
  check(v.page, orgs, '/hsds/organizations page');
  for (const item of orgs.contents) check(v.organizationItem, item, `organization ${item.id}`);
  const org = await anonymous(`/hsds/organizations/${ids.org}`);
  check(v.organization, org, '/hsds/organizations/{id}');
  check(v.organizationProfiled, org, '/hsds/organizations/{id} (profile)');
  const sals = await anonymous('/hsds/service_at_locations?per_page=500');
  check(v.page, sals, '/hsds/service_at_locations page');
  for (const item of sals.contents) check(v.salItem, item, `service at location ${item.id}`);
  check(v.sal, await anonymous(`/hsds/service_at_locations/${ids.sal}`), '/hsds/service_at_locations/{id}');
  const taxonomies = await anonymous('/hsds/taxonomies');
  check(v.page, taxonomies, '/hsds/taxonomies page');
  for (const t of taxonomies.contents) check(v.taxonomy, t, 'taxonomy');
  const terms = await anonymous('/hsds/taxonomy_terms?per_page=500');
  check(v.page, terms, '/hsds/taxonomy_terms page');
  assert.ok(terms.contents.length >= 20);
  for (const t of terms.contents) {
    check(v.term, t, `term ${t.code}`);
    check(v.termProfiled, t, `term ${t.code} (profile)`);
  }
  const legalAid = terms.contents.find((t) => t.code === 'legal_aid');
  const filtered = await anonymous(`/hsds/services?taxonomy_term_id=${legalAid.id}&per_page=500`);
  assert.ok(filtered.contents.some((s) => s.id === ids.legal));
  assert.ok(!filtered.contents.some((s) => s.id === ids.shelter));
});

test('our own directory API never shows the public a confidential address either', { skip }, async () => {
  for (const path of ['/api/v1/directory/services', '/api/v1/directory/locations', `/api/v1/directory/services/${ids.shelter}`,
    '/api/v1/directory/search?district=511', '/api/v1/directory/export']) {
    await anonymous(path);
  }
});
