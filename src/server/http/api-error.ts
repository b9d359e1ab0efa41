import type { MessageCode } from '../i18n/messages.ts';

/** An error the API reports to the person: a status, a stable code, and a message in their language. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: MessageCode,
    readonly params: Record<string, string | number> = {},
    readonly details?: unknown,
  ) {
    super(code);
  }
}

export const notFound = () => new ApiError(404, 'not_found');
export const denied = () => new ApiError(403, 'access.denied');
export const signInRequired = () => new ApiError(401, 'auth.required');
