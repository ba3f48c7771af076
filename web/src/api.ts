// JSON client for the samman server (/api/v1). Errors are RFC 9457 problems thrown as ApiError.

export interface Organization {
  id: string;
  name: string;
  type: string;
  level: string | null;
  jurisdiction: string | null;
  created_at?: string;
  version?: number;
}

export interface User {
  id: string;
  username: string;
  display_name: string;
  organization_id: string;
  roles: string[];
  disabled: boolean;
  locked: boolean;
  totp_enabled: boolean;
  version: number;
  created_at: string;
}

export interface Me extends User {
  organization: Organization;
  must_enrol_totp?: boolean;
}

export interface Session {
  user: Me;
  csrf_token?: string;
}

export interface CodeItem {
  code: string;
  label_en: string;
  label_ne: string;
}

export interface GeoUnit {
  code: string;
  level?: string;
  name_en: string;
  name_ne: string;
  parent_code?: string | null;
  /** Provinces and districts: people counted at the 2021 census. */
  population_2021?: number;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  request_id?: string;
  errors?: { field: string; message: string }[];
  current_version?: number;
}

export interface Country {
  alpha2: string;
  alpha3?: string;
  name_en: string;
  name_ne: string;
}

export interface Guardian {
  name?: string;
  relationship?: string;
  phone?: string;
}

/** The person vault: identifying data, present only for callers with a need to know. */
export interface Person {
  given_name?: string;
  family_name?: string;
  name_ne?: string;
  aliases?: string[];
  sex?: string;
  birth_date?: string;
  birth_precision?: string;
  age_at_registration?: number | null;
  citizenship?: string;
  phone?: string;
  citizenship_no?: string;
  national_id?: string;
  passport_no?: string;
  district?: string;
  local_level?: string;
  ward?: number | null;
  tole?: string;
  languages?: string[];
  education?: string;
  marital_status?: string;
  guardian?: Guardian;
  display_name?: string;
  erased?: boolean;
}

export interface VictimProfile {
  age_when_trafficked?: number | null;
  recruitment_methods?: string[];
  recruiter_relationship?: string;
  means_of_control?: string[];
  exploitation_types?: string[];
  labour_industry?: string;
  sex_exploitation_types?: string[];
  duration_days?: number | null;
  exploitation_country?: string;
  exploitation_local_level?: string;
  route?: string;
  border_points?: string[];
  fe_agency_licence?: string;
  fe_labour_permit?: string;
  fe_dofe_complaint?: string;
  fe_tribunal_case?: string;
}

export interface CaseFields {
  identification_source?: string;
  identified_on?: string;
  trafficking_status?: string;
  trafficking_status_by?: string;
  district?: string;
}

export interface CaseView extends CaseFields {
  id: string;
  case_number: string;
  version: number;
  status: string;
  stage: string;
  owner_org_id: string;
  assigned_user_ids: string[];
  opened_at: string;
  closed_at?: string | null;
  closure_reason?: string | null;
  /** Code of the closure_outcome list, when the case was closed with one (cleared on reopening). */
  closure_outcome?: string | null;
  allowed_transitions: string[];
  person?: Person;
  victim_profile?: VictimProfile;
  /** "referral" when the case is seen through an accepted referral: only `shared_sections` are present. */
  access?: string;
  shared_sections?: string[];
}

export interface CaseSummary {
  id: string;
  case_number: string;
  status: string;
  stage: string;
  district: string;
  identification_source: string;
  opened_at: string;
  display_name: string;
  sex: string;
  exploitation_types: string[];
}

export interface CaseQuery {
  q?: string;
  district?: string;
  status?: string;
  stage?: string;
  exploitation?: string;
  opened_from?: string;
  opened_to?: string;
  limit?: number;
  cursor?: string;
}

export interface CaseInput {
  person?: Person;
  case?: CaseFields;
  victim_profile?: VictimProfile;
}

/** Kinds of case items, as they appear in the API path. */
export type ItemKind =
  | 'events'
  | 'consents'
  | 'assessments'
  | 'services'
  | 'follow-ups'
  | 'notes'
  | 'justice'
  | 'shelter-stays';

export interface CaseItem {
  id: string;
  kind: string;
  version: number;
  created_at: string;
  created_by: string;
  status?: string;
  [field: string]: unknown;
}

export interface AccessEntry {
  at: string;
  actor_username: string;
  actor_org_id: string;
  action: string;
}

export interface OverdueTask {
  case_id: string;
  case_number: string;
  item_id: string;
  kind: string;
  due_date: string;
}

// --- Service directory (/api/v1/directory) ------------------------------------------------------------------

export interface DirOrganization {
  id: string;
  name: string;
  name_ne?: string;
  description?: string;
  sector: string;
  email?: string;
  website?: string;
  phone?: string;
  district?: string;
  samman_organization_id?: string | null;
  last_verified?: string | null;
  stale?: boolean;
  version: number;
  updated_at?: string;
}

export interface DirLocation {
  id: string;
  organization_id: string;
  name: string;
  description?: string;
  location_type?: string;
  confidential?: boolean;
  district?: string;
  local_level?: string;
  ward?: number | null;
  address?: string;
  latitude?: number | null;
  longitude?: number | null;
  contact_route?: string;
  phone?: string;
  /** A confidential address the caller may not see. */
  address_hidden?: boolean;
  version: number;
}

export interface Schedule {
  days: string[];
  opens_at: string;
  closes_at: string;
}

export interface ServiceAtLocation {
  id: string;
  location_id: string;
  location_name?: string;
  district?: string;
  confidential?: boolean;
  schedules: Schedule[];
}

export interface Capacity {
  unit: string;
  available: number | null;
  maximum: number | null;
  updated_at?: string;
}

export interface DirService {
  id: string;
  organization_id: string;
  organization_name?: string;
  organization_sector?: string;
  name: string;
  name_ne?: string;
  description?: string;
  description_ne?: string;
  status: string;
  taxonomy: string[];
  email?: string;
  url?: string;
  phone?: string;
  free?: boolean;
  fees_description?: string;
  application_process?: string;
  eligibility_description?: string;
  minimum_age?: number | null;
  maximum_age?: number | null;
  sexes?: string[];
  target_groups?: string[];
  languages?: string[];
  required_documents?: string[];
  service_areas?: string[];
  capacity?: Capacity[];
  locations: ServiceAtLocation[];
  open_now?: boolean;
  last_verified?: string | null;
  stale?: boolean;
  proximity?: string;
  version: number;
  updated_at?: string;
}

export interface TaxonomyTerm {
  code: string;
  label_en: string;
  label_ne: string;
  parent?: string;
  open_eligibility?: string;
}

export interface DirSearchQuery {
  q?: string;
  taxonomy?: string;
  district?: string;
  local_level?: string;
  near?: string;
  open_now?: boolean;
  has_capacity?: boolean;
  serves?: string;
  language?: string;
  page?: number;
  per_page?: number;
}

export interface DirSearchResult {
  items: DirService[];
  total: number;
  page: number;
  per_page: number;
  by_district: { district: string; count: number }[];
}

// --- Referrals (/api/v1/referrals) -----------------------------------------------------------------------------

export interface ReferralHistory {
  at: string;
  status: string;
  by?: string;
  organization?: string;
  note?: string;
}

export interface Referral {
  id: string;
  case_id: string;
  case_number: string;
  status: string;
  sender_organization_id: string;
  sender_organization_name?: string;
  recipient_organization_id: string;
  recipient_organization_name?: string;
  directory_organization_id?: string;
  service_id?: string | null;
  service_name?: string;
  service_at_location_id?: string | null;
  service_type?: string;
  district?: string;
  reason?: string;
  urgency: string;
  due_date?: string | null;
  respond_by?: string | null;
  shared_sections: string[];
  decline_reason?: string | null;
  cancel_reason?: string | null;
  outcome?: string | null;
  sent_at?: string;
  responded_at?: string | null;
  started_at?: string | null;
  closed_at?: string | null;
  history?: ReferralHistory[];
  version: number;
}

export interface ReferralInput {
  case_id: string;
  service_at_location_id: string;
  reason: string;
  urgency: string;
  due_date?: string;
  shared_sections: string[];
  consent?: Record<string, unknown>;
}

export type ReferralAction = 'accept' | 'decline' | 'start' | 'complete' | 'cancel';

export const PROBLEM_TOTP_REQUIRED = 'urn:samman:problem:totp-required';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title || `HTTP ${status}`);
  }
  get type(): string {
    return this.problem.type ?? '';
  }
}

/** Thrown when the server could not be reached at all. */
export class NetworkError extends Error {}

let csrfToken = '';
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token ?? '';
}

/** Called when an authenticated request answers 401 (session expired or signed out elsewhere). */
export function setUnauthenticatedHandler(fn: (() => void) | null): void {
  onUnauthenticated = fn;
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const h: Record<string, string> = { Accept: 'application/json', ...headers };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) h['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new NetworkError(String(e));
  }
  if (res.status === 204) return undefined as T;
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  const data: unknown = isJson ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    const problem: Problem = data && typeof data === 'object' ? (data as Problem) : { status: res.status };
    if (res.status === 401 && path !== '/api/v1/auth/login' && onUnauthenticated) onUnauthenticated();
    throw new ApiError(res.status, problem);
  }
  return data as T;
}

const get = <T>(path: string) => request<T>('GET', path);
const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {});
const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });
const enc = encodeURIComponent;

/** Query string of the non-empty parameters. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const api = {
  login: (username: string, password: string, totp?: string) =>
    post<Session>('/api/v1/auth/login', totp ? { username, password, totp } : { username, password }),
  me: () => get<Session>('/api/v1/me'),
  logout: () => post<void>('/api/v1/auth/logout'),
  changePassword: (current_password: string, new_password: string) =>
    post<void>('/api/v1/me/password', { current_password, new_password }),
  totpSetup: () => post<{ secret: string; otpauth_uri: string }>('/api/v1/me/totp/setup'),
  totpEnable: (code: string) => post<{ user: User }>('/api/v1/me/totp/enable', { code }),

  organizations: () => get<{ items: Organization[] }>('/api/v1/organizations'),
  createOrganization: (o: { name: string; type: string; level?: string; jurisdiction?: string }) =>
    post<Organization>('/api/v1/organizations', o),

  users: () => get<{ items: User[] }>('/api/v1/users'),
  createUser: (u: { username: string; password: string; organization_id: string; roles: string[]; display_name: string }) =>
    post<User>('/api/v1/users', u),
  updateUser: (id: string, version: number, patch: { roles?: string[]; disabled?: boolean; display_name?: string }) =>
    request<User>('PATCH', `/api/v1/users/${encodeURIComponent(id)}`, patch, { 'If-Match': `"${version}"` }),
  resetPassword: (id: string, password: string) =>
    post<void>(`/api/v1/users/${encodeURIComponent(id)}/password`, { password }),

  codelist: (list: string) => get<{ list: string; version: string; items: CodeItem[] }>(`/api/v1/codelists/${list}`),
  provinces: () => get<{ items: GeoUnit[] }>('/api/v1/geo/provinces'),
  districts: (province: string) =>
    get<{ items: GeoUnit[] }>(`/api/v1/geo/districts?province=${encodeURIComponent(province)}`),
  unit: (code: string) => get<GeoUnit & { level: string }>(`/api/v1/geo/units/${encodeURIComponent(code)}`),
  localLevels: (district: string) =>
    get<{ items: GeoUnit[] }>(`/api/v1/geo/local-levels?district=${encodeURIComponent(district)}`),
  allDistricts: () => get<{ items: GeoUnit[] }>('/api/v1/geo/districts'),
  /** The 77 districts' outlines (GeoJSON, lon/lat); about 140 KB, so callers cache it (refdata's `cached`). */
  districtShapes: () => get<import('./statistics/lib').DistrictShapes>('/api/v1/geo/districts.geojson'),
  countries: () => get<{ items: Country[] }>('/api/v1/countries'),

  // Cases. The search text travels in the API request only, never in the page's own address.
  cases: (query: CaseQuery) =>
    get<{ items: CaseSummary[]; next_cursor: string | null }>(`/api/v1/cases${queryString({ ...query })}`),
  getCase: (id: string) => get<CaseView>(`/api/v1/cases/${enc(id)}`),
  createCase: (input: CaseInput) => post<CaseView>('/api/v1/cases', input),
  updateCase: (id: string, version: number, patch: CaseInput) =>
    request<CaseView>('PATCH', `/api/v1/cases/${enc(id)}`, patch, ifMatch(version)),
  /** Moves a case; a closure may be `referred` and may give its `outcome` (closure_outcome code). */
  transition: (id: string, to: string, reason: string, version?: number, referred = false, outcome = '') =>
    request<CaseView>(
      'POST',
      `/api/v1/cases/${enc(id)}/transitions`,
      { to, ...(reason ? { reason } : {}), ...(referred ? { referred: true } : {}), ...(outcome ? { outcome } : {}) },
      version === undefined ? {} : ifMatch(version),
    ),
  items: (id: string, kind: ItemKind) => get<{ items: CaseItem[] }>(`/api/v1/cases/${enc(id)}/${kind}`),
  addItem: (id: string, kind: ItemKind, body: Record<string, unknown>) =>
    post<CaseItem>(`/api/v1/cases/${enc(id)}/${kind}`, body),
  updateItem: (id: string, kind: ItemKind, itemId: string, version: number, patch: Record<string, unknown>) =>
    request<CaseItem>('PATCH', `/api/v1/cases/${enc(id)}/${kind}/${enc(itemId)}`, patch, ifMatch(version)),
  withdrawConsent: (id: string, consentId: string, reason: string) =>
    post<CaseItem>(`/api/v1/cases/${enc(id)}/consents/${enc(consentId)}/withdraw`, { reason }),
  accessLog: (id: string) => get<{ items: AccessEntry[] }>(`/api/v1/cases/${enc(id)}/access-log`),
  overdue: () => get<{ items: OverdueTask[] }>('/api/v1/tasks/overdue'),

  // Service directory: reads are public, writes need a signed-in editor.
  dirSearch: (query: DirSearchQuery) =>
    get<DirSearchResult>(
      `/api/v1/directory/search${queryString({
        ...query,
        open_now: query.open_now ? 'true' : undefined,
        has_capacity: query.has_capacity ? 'true' : undefined,
      })}`,
    ),
  dirTaxonomy: () => get<{ items: TaxonomyTerm[] }>('/api/v1/directory/taxonomy'),
  dirOrganizations: (q = '') => get<{ items: DirOrganization[] }>(`/api/v1/directory/organizations${queryString({ q })}`),
  dirOrganization: (id: string) => get<DirOrganization>(`/api/v1/directory/organizations/${enc(id)}`),
  dirLocations: (organizationId: string) =>
    get<{ items: DirLocation[] }>(`/api/v1/directory/locations${queryString({ organization_id: organizationId })}`),
  dirLocation: (id: string) => get<DirLocation>(`/api/v1/directory/locations/${enc(id)}`),
  dirServices: (organizationId: string) =>
    get<{ items: DirService[] }>(`/api/v1/directory/services${queryString({ organization_id: organizationId })}`),
  dirService: (id: string) => get<DirService>(`/api/v1/directory/services/${enc(id)}`),
  dirCreate: <T>(kind: DirKind, body: Record<string, unknown>) => post<T>(`/api/v1/directory/${kind}`, body),
  dirUpdate: <T>(kind: DirKind, id: string, version: number, patch: Record<string, unknown>) =>
    request<T>('PATCH', `/api/v1/directory/${kind}/${enc(id)}`, patch, ifMatch(version)),
  dirDelete: (kind: DirKind, id: string) => request<void>('DELETE', `/api/v1/directory/${kind}/${enc(id)}`),

  // Statistics: released figures only.
  statsIndicators: () => get<{ items: import('./statistics/lib').Indicator[] }>('/api/v1/stats/indicators'),
  statsQuery: (query: Record<string, string | number | undefined>) =>
    get<import('./statistics/lib').StatsAnswer>(`/api/v1/stats/query${queryString(query)}`),
  /** Where the de-identified microdata downloads are (analysts and system administrators only). */
  exportUrl: (layout: 'ctdc' | 'htcds', fy: string, format: 'csv' | 'xlsx') =>
    `/api/v1/exports/${layout}${queryString({ fy, format })}`,
  statsPublic: (fy?: string) =>
    get<{ fiscal_year: string; tables: import('./statistics/lib').StatsAnswer[] }>(`/api/v1/stats/public${queryString({ fy })}`),

  // Referrals.
  referrals: (query: { direction?: 'incoming' | 'outgoing'; status?: string; case_id?: string }) =>
    get<{ items: Referral[]; counts: Record<string, number> }>(`/api/v1/referrals${queryString(query)}`),
  referral: (id: string) => get<Referral>(`/api/v1/referrals/${enc(id)}`),
  createReferral: (input: ReferralInput) => post<Referral>('/api/v1/referrals', input),
  referralAction: (id: string, action: ReferralAction, body: Record<string, string>) =>
    post<Referral>(`/api/v1/referrals/${enc(id)}/${action}`, body),
};

export type DirKind = 'organizations' | 'locations' | 'services';
