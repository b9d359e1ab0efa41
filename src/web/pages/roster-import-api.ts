import { buildRequest, toApiError, ApiError, isAbortError, type RosterFormat } from '../api/client.ts';
import type { ImportAccepted, ImportRunAnswer, ImportRun } from '../../api/roster-imports.ts';

export type { ImportRun };

/** How often a running import is asked where it is. */
const POLL_MS = 500;

async function send<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    if (isAbortError(err)) throw err;
    throw new ApiError(0, 'network', '');
  }
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) throw toApiError(response.status, body);
  return body as T;
}

/**
 * The roster import as the administration page drives it (issue 16 B2, B8): the upload answers at
 * once (`Prefer: respond-async`), then the page follows the run until it is done; a held import
 * is sent again with `confirmEnding=true` once the privacy officer confirms.
 */
export function rosterImports(csrfToken: string) {
  return {
    start(format: RosterFormat, files: readonly File[], confirmEnding: boolean): Promise<ImportAccepted> {
      const form = new FormData();
      for (const file of files) form.append('files', file, file.name);
      const init = buildRequest({ method: 'POST', form }, csrfToken);
      (init.headers as Record<string, string>).Prefer = 'respond-async';
      return send<ImportAccepted>(`/api/admin/imports/${format}${confirmEnding ? '?confirmEnding=true' : ''}`, init);
    },
    read(id: string, signal?: AbortSignal): Promise<ImportRunAnswer> {
      return send<ImportRunAnswer>(`/api/admin/imports/${encodeURIComponent(id)}`, buildRequest({ signal }, csrfToken));
    },
    /** Asks where the import is until it is done; `onProgress` hears each answer. */
    async follow(id: string, onProgress: (run: ImportRun) => void, signal: AbortSignal): Promise<ImportRun> {
      for (;;) {
        const { importRun } = await this.read(id, signal);
        if (importRun.status !== 'running') return importRun;
        onProgress(importRun);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (signal.aborted) throw new DOMException('aborted', 'AbortError');
      }
    },
  };
}
