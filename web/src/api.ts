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
};
