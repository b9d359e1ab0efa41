import { type Actor, isBoardLeader, ledSchoolIds } from './actor.ts';
import { rules } from './rules.ts';

/**
 * What the signed-in person may do across the board, sent with their session so that the web
 * client shows exactly the actions the server would allow — never re-derived from role names.
 */
export function boardPermissions(actor: Actor) {
  const board = { boardId: actor.boardId };
  return {
    administerBoard: rules.administerBoard.check(actor, board),
    importRoster: rules.importRoster.check(actor, board),
    verifyAudit: rules.verifyAudit.check(actor, board),
    /** Leads at least one school (or the whole board): a school page is worth linking to. */
    openSchools: actor.kind === 'staff' && (isBoardLeader(actor) || ledSchoolIds(actor).length > 0),
  };
}
