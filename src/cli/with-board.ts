import { openDatabase, migrateToLatest, type DatabaseTarget, type Db } from '../db/database.ts';
import type { BoardTable } from '../db/schema.ts';
import { findDeploymentBoard } from '../db/org/board.ts';

/** What a `balise` command works with: the database, brought up to date, and the deployment's board. */
interface BoardAtConsole {
  db: Db;
  boardId: string;
  defaultLocale: BoardTable['default_locale'];
  now: () => Date;
}

/** Runs `work` on the deployment's board, or says there is none yet (exit 1); closes the database after. */
export async function withBoard(target: DatabaseTarget, out: (line: string) => void, work: (ctx: BoardAtConsole) => Promise<number>): Promise<number> {
  const db = openDatabase(target);
  try {
    await migrateToLatest(db);
    const board = await findDeploymentBoard(db.kysely);
    if (!board) {
      out('Aucun conseil scolaire : lancez d’abord `npm start`. / No school board yet: run `npm start` first.');
      return 1;
    }
    return await work({ db, boardId: board.id, defaultLocale: board.default_locale, now: () => new Date() });
  } finally {
    await db.close();
  }
}
