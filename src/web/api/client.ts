/**
 * The web client's only way to the API (same origin, JSON). It sends the session's CSRF token on
 * state-changing requests, lets the browser carry the HttpOnly session cookie, and turns every
 * refusal into an ApiError carrying the server's code and its already-translated message.
 */

import type { z } from 'zod';
import type * as session from '../../api/session.ts';
import type { ClassGroupDetail, ClassGroupSummary, PersonName, SchoolDetail, SchoolSummary } from '../../api/org.ts';
import type * as students from '../../api/students.ts';
import type { Child, LinkChange, StudentFile } from '../../api/students.ts';

export type { ClassGroupDetail, ClassGroupSummary, PersonName, SchoolDetail, SchoolSummary };
export type Locale = z.infer<typeof session.Locale>;
export type Role = z.infer<typeof session.Role>;
export type PersonKind = z.infer<typeof session.PersonKind>;
export type LegalProfileCode = z.infer<typeof session.LegalProfileCode>;
export type Localized = Record<Locale, string>;
export type SignedOutSession = z.infer<typeof session.SignedOutSession>;
export type SignedInSession = z.infer<typeof session.SignedInSession>;
export type Session = z.infer<typeof session.Session>;
export type OidcInfo = z.infer<typeof session.OidcInfo>;

export interface SchoolYearRef { id: string; name: string }

export type GroupRef = z.infer<typeof students.GroupRef>;
export type Relationship = z.infer<typeof students.Relationship>;
export type { Child, GuardianLink, GuardianList, LinkChange, LinkRestrictions, RestrictionEntry, StudentFile } from '../../api/students.ts';

export interface Duration { amount: number; unit: 'days' | 'months' }

export interface LegalProfileView {
  code: LegalProfileCode;
  name: Localized;
  law: Localized;
  consentAge: number;
  imageConsent: { validity: 'school_year' | 'per_use'; guardiansRequired: 'one' | 'all'; wording: Localized };
  rightsRequestDeadline: {
    initial: Duration;
    extension?: { maxAmount: number; unit: 'days' | 'months' };
    legalBasis: Localized;
  };
  retention: { recordingMinimumMonths: number | null; incidentRegisterMinimumYears: number };
  hosting: { foreignLawProvidersUnfit: boolean; assessmentBeforeLeavingTerritory: boolean; territory: Localized };
}

/** A OneRoster 1.1 export, or the plain CSV (one line per student). */
export type RosterFormat = 'oneroster' | 'csv';

/** Where the privacy officer downloads the plain CSV to fill in. */
export const PLAIN_CSV_TEMPLATE_URL = '/api/admin/imports/csv/template';

export interface ImportRunView {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'succeeded' | 'failed' | string;
  /** What the roster was read from. */
  format: RosterFormat | string;
  sourceLabel: string;
  counts: Record<string, unknown>;
  errorCount: number;
}

export interface AdminBoard {
  board: { id: string; name: string };
  legalProfile: LegalProfileView;
  counts: { schools: number; schoolYears: number; classGroups: number; students: number; guardians: number; staff: number };
  imports: ImportRunView[];
}

/** One line of a refused roster import; the server sends the message in the request's language (or both). */
export interface RosterError { file: string; line: number | null; code: string; message: string | Localized }

export interface ImportResult { importRun: { id: string; counts: Record<string, unknown>; restrictionsCarried: number } }

export type AuditBreakKind = 'altered' | 'missing' | 'relinked' | 'tail_removed' | 'subjects_altered' | 'subjects_unindexed';
export interface AuditVerification {
  ok: boolean;
  checked: number;
  lastSeq: number;
  firstBreak: null | { kind: AuditBreakKind; seq: number };
}

/** A refused or failed request. status 0 means the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The error as an ApiError: anything else thrown (a fetch that never answered) counts as a network failure. */
export function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, 'network', '');
}

export function isAbortError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError';
}

/** Reads the `{ error: { code, message, details } }` body of a refusal; anything else gets a code from the status. */
export function toApiError(status: number, body: unknown): ApiError {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error === 'object' && error !== null) {
    const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
    if (typeof code === 'string') {
      return new ApiError(status, code, typeof message === 'string' ? message : '', details);
    }
  }
  return new ApiError(status, fallbackCode(status), '');
}

function fallbackCode(status: number): string {
  if (status === 401) return 'auth.required';
  if (status === 403) return 'access.denied';
  if (status === 404) return 'not_found';
  if (status === 410) return 'gone';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'internal';
  return 'http_error';
}

/** The roster error lines of a 422 `roster.invalid`, or [] for any other error. */
export function rosterErrors(err: ApiError): RosterError[] {
  const details = err.details as { errors?: unknown } | undefined;
  if (!details || !Array.isArray(details.errors)) return [];
  return details.errors.filter(
    (e): e is RosterError => typeof e === 'object' && e !== null && typeof (e as RosterError).file === 'string',
  );
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  /** JSON body; state-changing requests always send one (`{}` when none is given). */
  json?: unknown;
  /** multipart body (the roster upload): the browser sets its Content-Type with the boundary. */
  form?: FormData;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  fetch?: FetchLike;
  /** The CSRF token of the current session, if any. */
  csrfToken?: () => string | null;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Builds the request: headers, body and credentials. Exported for tests. */
export function buildRequest(options: RequestOptions, csrfToken: string | null): RequestInit {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (options.signal) init.signal = options.signal;
  if (UNSAFE.has(method)) {
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
    if (options.form) {
      init.body = options.form;
    } else {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.json ?? {});
    }
  }
  return init;
}

export function createApiClient(options: ApiClientOptions = {}) {
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const csrf = options.csrfToken ?? (() => null);

  async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    let response: Response;
    try {
      response = await doFetch(path, buildRequest(opts, csrf()));
    } catch (err) {
      if (isAbortError(err)) throw err;
      throw new ApiError(0, 'network', '');
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text().catch(() => '');
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    if (!response.ok) throw toApiError(response.status, body);
    return body as T;
  }

  const id = (value: string) => encodeURIComponent(value);

  return {
    session: (signal?: AbortSignal) => request<Session>('/api/session', { signal }),
    login: (username: string, password: string) =>
      request<SignedInSession>('/api/auth/login', { method: 'POST', json: { username, password } }),
    requestMagicLink: (email: string) => request<{ sent: true }>('/api/auth/magic-link', { method: 'POST', json: { email } }),
    consumeMagicLink: (token: string) =>
      request<SignedInSession>('/api/auth/magic-link/consume', { method: 'POST', json: { token } }),
    requestPasswordLink: (email: string) => request<{ sent: true }>('/api/auth/password-link', { method: 'POST', json: { email } }),
    setPasswordWithLink: (token: string, password: string) =>
      request<SignedInSession>('/api/auth/password-link/consume', { method: 'POST', json: { token, password } }),
    logout: () => request<void>('/api/auth/logout', { method: 'POST', json: {} }),
    classes: (signal?: AbortSignal) => request<{ classGroups: ClassGroupSummary[] }>('/api/classes', { signal }),
    classGroup: (classId: string, signal?: AbortSignal) => request<ClassGroupDetail>(`/api/classes/${id(classId)}`, { signal }),
    schools: (signal?: AbortSignal) => request<{ schools: SchoolSummary[] }>('/api/schools', { signal }),
    school: (schoolId: string, signal?: AbortSignal) => request<SchoolDetail>(`/api/schools/${id(schoolId)}`, { signal }),
    student: (studentId: string, signal?: AbortSignal) => request<StudentFile>(`/api/students/${id(studentId)}`, { signal }),
    children: (signal?: AbortSignal) => request<{ children: Child[] }>('/api/children', { signal }),
    restrictLink: (linkId: string, reason: string) =>
      request<LinkChange>(`/api/guardian-links/${id(linkId)}/restriction`, { method: 'POST', json: { reason } }),
    /** Lifting asks for a reason too (ORG-4): it is kept in the link's history. */
    liftRestriction: (linkId: string, reason: string) =>
      request<LinkChange>(`/api/guardian-links/${id(linkId)}/restriction`, { method: 'DELETE', json: { reason } }),
    adminBoard: (signal?: AbortSignal) => request<AdminBoard>('/api/admin/board', { signal }),
    importRoster: (format: RosterFormat, files: readonly File[]) => {
      const form = new FormData();
      for (const file of files) form.append('files', file, file.name);
      return request<ImportResult>(`/api/admin/imports/${format}`, { method: 'POST', form });
    },
    verifyAudit: () => request<AuditVerification>('/api/admin/audit/verify', { method: 'POST', json: {} }),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

let currentCsrfToken: string | null = null;

/** Remembers (or forgets) the CSRF token of the session payload. */
export function setCsrfToken(token: string | null) {
  currentCsrfToken = token;
}

/** The client the pages use. */
export const api: ApiClient = createApiClient({ csrfToken: () => currentCsrfToken });
