import type { Db } from '../../db/database.ts';
import { recordImportProgress } from '../../db/roster/import-runs.ts';
import { startingProgress, type ImportPhase, type ImportProgress } from '../../domain/roster/import-progress.ts';

/** Progress is passed on at most this often (and at every change of phase). */
const REPORT_EVERY_MS = 250;

/**
 * Follows one import as it goes (issue 16 B8) and passes its progress on: to the server that
 * started it (a message from the import's thread, kept in memory for the page that polls), to
 * the terminal (the CLI), and, on PostgreSQL, to the import's run row — written on a connection
 * of its own, outside the import's transaction, so any instance can show it. On SQLite the
 * import holds the database's write lock: its row is only written when it is done.
 */
export class ImportProgressTracker {
  private progress = startingProgress();
  private lastReport = 0;

  constructor(
    private readonly report: (p: ImportProgress) => void,
    private readonly row: ProgressRow | null = null,
  ) {}

  current(): ImportProgress {
    return { ...this.progress };
  }

  /** A new phase, with the totals it will count up to. */
  phase(phase: ImportPhase, change: Partial<ImportProgress> = {}): void {
    this.progress = { ...this.progress, ...change, phase };
    this.send();
  }

  /** Counts moved on; passed on when enough time has gone by. */
  advance(change: Partial<ImportProgress>): void {
    Object.assign(this.progress, change);
    if (Date.now() - this.lastReport >= REPORT_EVERY_MS) this.send();
  }

  wrote(rows: number): void {
    this.advance({ rowsWritten: this.progress.rowsWritten + rows });
  }

  /** Waits for the row's last progress write: the run's final update must come after it. */
  async settled(): Promise<void> {
    await this.row?.settled();
  }

  private send(): void {
    this.lastReport = Date.now();
    const p = this.current();
    this.report(p);
    this.row?.write(p);
  }
}

/**
 * The run row's progress, written one update at a time (the newest waiting one wins) and never
 * awaited by the import: its transaction must not wait for a write of its own run row.
 */
export class ProgressRow {
  private pending: ImportProgress | null = null;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly runId: string,
  ) {}

  /** On SQLite there is no row to write while the import runs (see ImportProgressTracker). */
  static for(db: Db, runId: string): ProgressRow | null {
    return db.dialect === 'postgres' ? new ProgressRow(db, runId) : null;
  }

  write(p: ImportProgress): void {
    this.pending = p;
    if (!this.inFlight) this.inFlight = this.drain();
  }

  async settled(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        const p = this.pending;
        this.pending = null;
        // Progress is a courtesy: a failed write does not stop the import.
        await recordImportProgress(this.db.kysely, this.runId, p).catch(() => undefined);
      }
    } finally {
      this.inFlight = null;
    }
  }
}

/** The progress of the imports this server process runs, by run id, while they run. */
export class RunningImports {
  private readonly running = new Map<string, ImportProgress>();

  update(runId: string, progress: ImportProgress): void {
    this.running.set(runId, progress);
  }

  finished(runId: string): void {
    this.running.delete(runId);
  }

  progressOf(runId: string): ImportProgress | null {
    return this.running.get(runId) ?? null;
  }
}
