import type { BackoffPolicy } from '../../domain/jobs/retry-backoff.ts';

/** A job's payload: a JSON object of ids and dates, never personal information in clear. */
export type JobPayload = Record<string, unknown>;

/**
 * A kind of job: the name stored with each job and, for the compiler, the payload it carries.
 * Defined once beside its capability and used both to register the handler (at start) and to
 * schedule (from an operation, inside its transaction), so the two cannot disagree on the payload.
 */
export interface JobKind<P extends JobPayload = JobPayload> {
  readonly name: string;
  /** Never set: carries the payload type. */
  readonly payloadType?: P;
}

/** `name`: stable, dotted by capability, e.g. 'consent.expire_school_year'. Renaming it orphans stored jobs. */
export function jobKind<P extends JobPayload = Record<string, never>>(name: string): JobKind<P> {
  if (!/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/.test(name)) throw new Error(`Job kind name must be dotted lower-case words: ${name}`);
  return { name };
}

/** What a handler is given for one attempt. */
export interface JobRun<P extends JobPayload = JobPayload> {
  id: string;
  kind: string;
  payload: P;
  /** 1 for the first attempt. */
  attempt: number;
  /** When the job was due (a run after a restart may be late). */
  runAt: Date;
  /** The scheduler's clock when the attempt started. */
  now: Date;
  /** Aborted when the instance stops: a long handler may give up, the job is then given back untried. */
  signal: AbortSignal;
}

/**
 * Runs one attempt; a throw is a failure, retried later. A handler must be safe to run twice
 * (an instance that dies mid-run leaves its job to be claimed again once its lock expires), and
 * its error messages must carry ids, not names or e-mail addresses.
 */
export type JobHandler<P extends JobPayload = JobPayload> = (job: JobRun<P>) => Promise<void>;

export interface JobKindOptions {
  /** Attempts before a one-off job is marked failed (a recurring one waits for its next occurrence). Default 5. */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
}
