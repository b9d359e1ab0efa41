/** Long enough for the cause, short enough for a database column and a log line. */
const MAX_LENGTH = 500;

const EMAIL = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[^\s@<>"'(),;:]+/g;
const URL_TAIL = /(https?:\/\/[^\s?#]+)[?#][^\s]*/g;
const TOKEN_LIKE = /[A-Za-z0-9_-]{32,}/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The text kept with a failed job and logged. Handlers throw messages without personal
 * information (ids, not names); this is the safety net for errors thrown by libraries (an SMTP
 * refusal quotes the address, a URL carries its one-time token): e-mail addresses, query strings
 * and token-like strings are masked, ids kept, and the text is cut to a bounded length.
 */
export function jobErrorText(err: unknown): string {
  const e = err as { name?: unknown; message?: unknown; code?: unknown } | null;
  const name = typeof e?.name === 'string' ? e.name : 'Error';
  const code = typeof e?.code === 'string' || typeof e?.code === 'number' ? ` [${e.code}]` : '';
  const message = typeof e?.message === 'string' ? e.message : typeof err === 'string' ? err : '';
  const masked = message
    .replace(EMAIL, '[e-mail]')
    .replace(URL_TAIL, '$1?[…]')
    .replace(TOKEN_LIKE, (s) => (UUID.test(s) ? s : '[token]'));
  const text = `${name}${code}: ${masked}`;
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}
