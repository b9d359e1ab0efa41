/**
 * The web client's only way to the API (same origin, JSON). It sends the session's CSRF token on
 * state-changing requests, lets the browser carry the HttpOnly session cookie, and turns every
 * refusal into an ApiError carrying the server's code and its already-translated message.
 */

import type { z } from 'zod';
import type * as admin from '../../api/admin.ts';
import type * as org from '../../api/org.ts';
import type * as rosterImports from '../../api/roster-imports.ts';
import type * as session from '../../api/session.ts';
import type * as students from '../../api/students.ts';

// Every request and answer type comes from the schemas the routes validate with (src/api/).
export type Role = z.infer<typeof session.Role>;
export type PersonKind = z.infer<typeof session.PersonKind>;
export type LegalProfileCode = z.infer<typeof session.LegalProfileCode>;
export type SignedInSession = z.infer<typeof session.SignedInSession>;
export type Session = z.infer<typeof session.Session>;
export type OidcInfo = z.infer<typeof session.OidcInfo>;

export type { ClassGroupSummary, SchoolSummary } from '../../api/org.ts';
export type { GuardianLink, LinkChange, LinkRestrictions, RestrictionEntry, StudentFile } from '../../api/students.ts';
export type { AuditVerification, BoardCounts, ImportRunSummary, LegalProfile } from '../../api/admin.ts';
export type { ImportRun, RosterHold, RosterMessage } from '../../api/roster-imports.ts';

/** A OneRoster 1.1 export, or the plain CSV (one line per student). */
export type RosterFormat = rosterImports.ImportRun['format'];

/** Where the privacy officer downloads the plain CSV to fill in. */
export const PLAIN_CSV_TEMPLATE_URL = '/api/admin/imports/csv/template';

/** How often the page asks a running import where it is. */
const IMPORT_POLL_MS = 500;

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

/** The roster error lines of a 422 `roster.invalid` (an import answered at once, without `respond-async`), or [] for any other error. */
export function rosterErrors(err: ApiError): rosterImports.RosterMessage[] {
  const details = err.details as { errors?: unknown } | undefined;
  if (!details || !Array.isArray(details.errors)) return [];
  return details.errors.filter(
    (e): e is rosterImports.RosterMessage => typeof e === 'object' && e !== null && typeof (e as rosterImports.RosterMessage).file === 'string',
  );
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  /** JSON body; state-changing requests always send one (`{}` when none is given). */
  json?: unknown;
  /** multipart body (the roster upload): the browser sets its Content-Type with the boundary. */
  form?: FormData;
  /** `Prefer: respond-async` (RFC 7240): a long operation answers 202 at once, to be followed. */
  respondAsync?: boolean;
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
  if (options.respondAsync) headers.Prefer = 'respond-async';
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

/** The answer's JSON body; undefined when it has none (204) or is not JSON. */
async function bodyOf(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text().catch(() => '');
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
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
    const body = await bodyOf(response);
    if (!response.ok) throw toApiError(response.status, body);
    return body as T;
  }

  const id = (value: string) => encodeURIComponent(value);

  /** One import as it goes or as it ended (issue 16 B8). */
  const importRun = (runId: string, signal?: AbortSignal) =>
    request<z.infer<typeof rosterImports.ImportRunAnswer>>(`/api/admin/imports/${id(runId)}`, { signal });

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
    classes: (signal?: AbortSignal) => request<z.infer<typeof org.ClassGroupList>>('/api/classes', { signal }),
    classGroup: (classId: string, signal?: AbortSignal) => request<z.infer<typeof org.ClassGroupDetail>>(`/api/classes/${id(classId)}`, { signal }),
    schools: (signal?: AbortSignal) => request<z.infer<typeof org.SchoolList>>('/api/schools', { signal }),
    school: (schoolId: string, signal?: AbortSignal) => request<z.infer<typeof org.SchoolDetail>>(`/api/schools/${id(schoolId)}`, { signal }),
    student: (studentId: string, signal?: AbortSignal) => request<z.infer<typeof students.StudentFile>>(`/api/students/${id(studentId)}`, { signal }),
    children: (signal?: AbortSignal) => request<z.infer<typeof students.ChildList>>('/api/children', { signal }),
    restrictLink: (linkId: string, reason: string) =>
      request<z.infer<typeof students.LinkChange>>(`/api/guardian-links/${id(linkId)}/restriction`, { method: 'POST', json: reasonOf(reason) }),
    /** Lifting asks for a reason too (ORG-4): it is kept in the link's history. */
    liftRestriction: (linkId: string, reason: string) =>
      request<z.infer<typeof students.LinkChange>>(`/api/guardian-links/${id(linkId)}/restriction`, { method: 'DELETE', json: reasonOf(reason) }),
    adminBoard: (signal?: AbortSignal) => request<z.infer<typeof admin.BoardAdministration>>('/api/admin/board', { signal }),
    /**
     * Uploads the roster (issue 16 B2, B8): the server answers at once and the import runs; follow
     * it with `followImport`. A held import is sent again with `confirmEnding` once the privacy
     * officer confirms.
     */
    importRoster: (format: RosterFormat, files: readonly File[], confirmEnding = false) => {
      const form = new FormData();
      for (const file of files) form.append('files', file, file.name);
      const query = confirmEnding ? '?confirmEnding=true' : '';
      return request<z.infer<typeof rosterImports.ImportAccepted>>(`/api/admin/imports/${format}${query}`, { method: 'POST', form, respondAsync: true });
    },
    importRun,
    /** Asks where the import is until it is done; `onProgress` hears each answer while it runs. */
    async followImport(runId: string, onProgress: (run: rosterImports.ImportRun) => void, signal: AbortSignal): Promise<rosterImports.ImportRun> {
      for (;;) {
        const { importRun: run } = await importRun(runId, signal);
        if (run.status !== 'running') return run;
        onProgress(run);
        await new Promise((resolve) => setTimeout(resolve, IMPORT_POLL_MS));
        if (signal.aborted) throw new DOMException('aborted', 'AbortError');
      }
    },
    verifyAudit: () => request<z.infer<typeof admin.AuditVerification>>('/api/admin/audit/verify', { method: 'POST', json: {} }),
  };
}

/** The body of a restriction or a lift, as the route validates it. */
const reasonOf = (reason: string): z.input<typeof students.RestrictionReason> => ({ reason });

export type ApiClient = ReturnType<typeof createApiClient>;

let currentCsrfToken: string | null = null;

/** Remembers (or forgets) the CSRF token of the session payload. */
export function setCsrfToken(token: string | null) {
  currentCsrfToken = token;
}

/** The client the pages use. */
export const api: ApiClient = createApiClient({ csrfToken: () => currentCsrfToken });
