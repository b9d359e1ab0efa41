/** What the benchmarks share to read their settings and print their figures. */

/** A non-negative integer from the environment, or the fallback when unset. */
export function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return n;
}

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : String(n);
export const pct = (r: number) => (Number.isFinite(r) ? `${(r * 100).toFixed(1)} %` : String(r));
