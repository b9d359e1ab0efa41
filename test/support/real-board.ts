import { startTestBalise, type TestBalise, type TestDialect } from './balise.ts';
import { HttpClient } from './http-client.ts';
import { removeDemoData } from '../../src/server/demo/remove-demo-data.ts';
import { consoleCall } from '../../src/server/access/call.ts';
import { grantBoardRole, type GrantableBoardRole } from '../../src/server/staff/grant-board-role.ts';
import { setPassword } from '../../src/db/auth/credentials.ts';
import { hashPassword } from '../../src/server/auth/password-hash.ts';

/**
 * A board without the demonstration data, as a real board is once `balise demo remove` has run:
 * rosters are imported there only (issue 16 B1). Its leaders are given their role as
 * `balise staff grant` does, and a password of their own.
 */
export async function startRealBoard(dialect: TestDialect, env: Record<string, string> = {}, opts: Parameters<typeof startTestBalise>[2] = {}): Promise<TestBalise> {
  const b = await startTestBalise(dialect, env, opts);
  await removeDemoData(b.ctx, consoleCall);
  return b;
}

export const BOARD_LEADERS: Record<GrantableBoardRole, { email: string; givenName: string; familyName: string }> = {
  privacy_officer: { email: 'responsable.prp@csreel.exemple.ca', givenName: 'Amélie', familyName: 'Côté' },
  director_general: { email: 'direction.generale@csreel.exemple.ca', givenName: 'Jacques', familyName: 'Lemieux' },
};

export const LEADER_PASSWORD = 'une phrase bien à moi pour les tests';

/** The board's privacy officer (or director general), signed in with a password of their own. */
export async function leaderClient(b: TestBalise, role: GrantableBoardRole = 'privacy_officer'): Promise<HttpClient> {
  const leader = BOARD_LEADERS[role];
  const granted = await grantBoardRole(b.ctx, consoleCall, { ...leader, role });
  if (!granted.ok) throw new Error(`granting ${role} failed: ${granted.reason}`);
  await setPassword(b.db.kysely, granted.personId, await hashPassword(LEADER_PASSWORD));
  const c = new HttpClient(b.url);
  await c.signIn(leader.email, LEADER_PASSWORD);
  return c;
}
