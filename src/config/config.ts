import { z } from 'zod';
import path from 'node:path';
import { isValidTimeZone } from '../domain/time/zoned-time.ts';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const boolFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every setting Balise reads from its environment, validated once at start. */
export const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    PUBLIC_URL: z.url().optional(),
    BALISE_DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^(postgres(ql)?:\/\/|sqlite:|file:)/, 'must start with postgres://, sqlite: or file:')
        .optional(),
    ),
    BALISE_LEGAL_PROFILE: z.enum(['qc', 'on', 'eu']).default('qc'),
    BALISE_BOARD_NAME: z.string().min(1).default('Centre de services scolaire des Bleuets'),
    BALISE_DEMO: boolFlag.default(true),
    COOKIE_SECURE: boolFlag.default(true),
    SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
    MAGIC_LINK_TTL_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
    RATE_LIMIT_SIGNIN_PER_MINUTE: z.coerce.number().int().min(1).default(10),
    SMTP_URL: optionalString.pipe(z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional()),
    SMTP_FROM: z.string().min(3).default('Balise <no-reply@balise.local>'),
    OIDC_ISSUER: optionalString.pipe(z.url().optional()),
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_LABEL: z.string().min(1).default('Microsoft / Google'),
    OIDC_ALLOW_INSECURE_HTTP: boolFlag.default(false),
    METRICS_TOKEN: optionalString,
    TRUST_PROXY: z
      .string()
      .regex(/^(false|true|\d+|[\d.:/a-fA-F, ]+)$/, 'false, true, a hop count, or proxy addresses/CIDRs separated by commas')
      .default('false'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BALISE_AUDIT_KEY_FILE: optionalString,
    BALISE_AUDIT_CHECKPOINT_DIR: optionalString,
    BALISE_AUDIT_CHECKPOINT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(5),
    /** The board's IANA time zone: wall-clock schedules (« every day at 02:00 ») are read in it. */
    BALISE_TIME_ZONE: z
      .string()
      .refine(isValidTimeZone, 'an IANA time zone, e.g. America/Toronto')
      .default('America/Toronto'),
    /** Whether this instance runs scheduled jobs (every instance may schedule them). */
    BALISE_JOBS: boolFlag.default(true),
    BALISE_JOBS_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
    BALISE_FILES_DIR: optionalString,
    BALISE_FILE_KEYS_DIR: optionalString,
    BALISE_FILE_MASTER_KEY_FILE: optionalString,
    BALISE_FILE_LINK_MINUTES: z.coerce.number().int().min(1).max(60).default(5),
  })
  .superRefine((c, ctx) => {
    const oidc = [c.OIDC_ISSUER, c.OIDC_CLIENT_ID, c.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      for (const key of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const) {
        if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when any OIDC_* is set' });
      }
    }
  });

export type RawConfig = z.infer<typeof ConfigSchema>;

export interface Config extends RawConfig {
  publicUrl: string;
  dataDir: string;
  database: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };
  oidc?: { issuer: string; clientId: string; clientSecret: string; label: string; allowInsecureHttp: boolean };
  /** SEC-1: where the key that signs audit checkpoints and the checkpoints live (outside the database), and how often. */
  audit: { keyFile: string; checkpointDir: string; checkpointMinutes: number };
  /** SEC-2: encrypted files (ciphertexts), their wrapped keys and the master key, each in its own place; how long a download link works. */
  files: { dir: string; keysDir: string; masterKeyFile: string; linkMinutes: number };
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const raw = parsed.data;
  const dataDir = path.resolve(raw.BALISE_DATA_DIR);
  const url = raw.DATABASE_URL;
  const database: Config['database'] =
    url && /^postgres(ql)?:\/\//.test(url)
      ? { dialect: 'postgres', url }
      : { dialect: 'sqlite', file: url ? url.replace(/^(sqlite|file):(\/\/)?/, '') : path.join(dataDir, 'balise.sqlite') };
  return {
    ...raw,
    dataDir,
    publicUrl: (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, ''),
    database,
    audit: {
      keyFile: path.resolve(raw.BALISE_AUDIT_KEY_FILE ?? path.join(dataDir, 'audit-checkpoint-key.pem')),
      checkpointDir: path.resolve(raw.BALISE_AUDIT_CHECKPOINT_DIR ?? path.join(dataDir, 'audit-checkpoints')),
      checkpointMinutes: raw.BALISE_AUDIT_CHECKPOINT_MINUTES,
    },
    files: {
      dir: path.resolve(raw.BALISE_FILES_DIR ?? path.join(dataDir, 'files')),
      keysDir: path.resolve(raw.BALISE_FILE_KEYS_DIR ?? path.join(dataDir, 'keys', 'files')),
      masterKeyFile: path.resolve(raw.BALISE_FILE_MASTER_KEY_FILE ?? path.join(dataDir, 'keys', 'files.key')),
      linkMinutes: raw.BALISE_FILE_LINK_MINUTES,
    },
    oidc:
      raw.OIDC_ISSUER && raw.OIDC_CLIENT_ID && raw.OIDC_CLIENT_SECRET
        ? {
            issuer: raw.OIDC_ISSUER,
            clientId: raw.OIDC_CLIENT_ID,
            clientSecret: raw.OIDC_CLIENT_SECRET,
            label: raw.OIDC_LABEL,
            allowInsecureHttp: raw.OIDC_ALLOW_INSECURE_HTTP,
          }
        : undefined,
  };
}
