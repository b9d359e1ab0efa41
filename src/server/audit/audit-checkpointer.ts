import type { AppContext } from '../app-context.ts';
import { readAuditHead } from '../../db/audit/verify-audit-chain.ts';
import { auditBreakWording } from '../../domain/audit/audit-breaks.ts';
import { AuditSeal } from './audit-seal.ts';

interface Log {
  error(obj: object, msg: string): void;
}

export interface AuditCheckpointer {
  /** Seals the log now (when its head moved); resolves when done. */
  sealNow(): Promise<void>;
  /** Stops the timer and seals a last time, once every audit entry recorded so far is committed. */
  stop(): Promise<void>;
}

/**
 * Signs a checkpoint of the audit log every `BALISE_AUDIT_CHECKPOINT_MINUTES` when its head
 * moved, and at shutdown (SEC-1). Creates the signing key on first start. A log that no longer
 * extends the latest checkpoint is not sealed: the refusal is logged, and verify reports it.
 */
export async function startAuditCheckpointer(ctx: AppContext, log: Log, everyMs = ctx.config.audit.checkpointMinutes * 60_000): Promise<AuditCheckpointer> {
  const seal = (await AuditSeal.open(ctx.config.audit, { createKey: true }))!;
  let last: Promise<void> = Promise.resolve();
  const sealNow = () => {
    // One seal at a time: a slow disk never lets two run over each other.
    last = last.then(async () => {
      try {
        const outcome = await seal.seal(ctx.db.kysely, await readAuditHead(ctx.db.kysely), ctx.now());
        if (outcome.kind === 'refused') {
          log.error({ problem: outcome.problem }, `Audit checkpoint refused: ${auditBreakWording(outcome.problem).en}. Run \`balise audit verify\`.`);
        }
      } catch (err) {
        log.error({ err }, 'Audit checkpoint failed');
      }
    });
    return last;
  };
  const timer = setInterval(() => void sealNow(), everyMs);
  timer.unref();
  return {
    sealNow,
    async stop() {
      clearInterval(timer);
      await ctx.audit.settled();
      await sealNow();
    },
  };
}
