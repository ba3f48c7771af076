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
  allowed_transitions: string[];
  person?: Person;
  victim_profile?: VictimProfile;
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
  countries: () => get<{ items: Country[] }>('/api/v1/countries'),

  // Cases. The search text travels in the API request only, never in the page's own address.
  cases: (query: CaseQuery) =>
    get<{ items: CaseSummary[]; next_cursor: string | null }>(`/api/v1/cases${queryString({ ...query })}`),
  getCase: (id: string) => get<CaseView>(`/api/v1/cases/${enc(id)}`),
  createCase: (input: CaseInput) => post<CaseView>('/api/v1/cases', input),
  updateCase: (id: string, version: number, patch: CaseInput) =>
    request<CaseView>('PATCH', `/api/v1/cases/${enc(id)}`, patch, ifMatch(version)),
  transition: (id: string, to: string, reason: string, version?: number, referred = false) =>
    request<CaseView>(
      'POST',
      `/api/v1/cases/${enc(id)}/transitions`,
      { to, ...(reason ? { reason } : {}), ...(referred ? { referred: true } : {}) },
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
};
