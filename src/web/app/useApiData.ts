import { useCallback, useEffect, useState } from 'react';
import { isAbortError, ApiError } from '../api/client.ts';
import { useSession } from './session.tsx';

export type Loadable<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: ApiError };

/** Refusals of a page's address itself: a malformed id (`/classes/not-a-uuid`) or an undecodable one. */
const ADDRESS_REFUSALS = new Set(['invalid_input', 'request.bad_address']);

/**
 * What a page makes of a failed load. A page's data is named by its address alone, so the server
 * refusing it as invalid (a malformed id) means the address names nothing: not found, with
 * nothing to retry — not « a problem occurred, retry ».
 */
export function pageLoadError(error: unknown): ApiError {
  const apiError = error instanceof ApiError ? error : new ApiError(0, 'internal', '');
  if ((apiError.status === 400 || apiError.status === 414) && ADDRESS_REFUSALS.has(apiError.code)) {
    return new ApiError(404, 'not_found', '', apiError.details);
  }
  return apiError;
}

/**
 * Loads a page's data, cancels it when the page changes, and sends the person back to the
 * sign-in page when the server says the session is gone (401).
 */
export function useApiData<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]) {
  const { expire } = useSession();
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    load(controller.signal)
      .then((data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted || isAbortError(error)) return;
        const apiError = pageLoadError(error);
        if (apiError.status === 401) {
          expire();
          return;
        }
        setState({ status: 'error', error: apiError });
      });
    return () => controller.abort();
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const update = useCallback((change: (data: T) => T) => {
    setState((previous) => (previous.status === 'ready' ? { status: 'ready', data: change(previous.data) } : previous));
  }, []);
  return { state, reload, update };
}
