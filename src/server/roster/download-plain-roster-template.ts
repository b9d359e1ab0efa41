import type { AppContext } from '../app-context.ts';
import { rules } from '../../domain/access/rules.ts';
import { plainRosterTemplate } from '../../domain/roster/parse-plain-roster.ts';
import { authorize, type SignedInCall } from '../access/call.ts';
import { boardTarget } from '../org/targets.ts';

/** The plain CSV roster's template (header and two example lines), for whoever may import (ORG-2). */
export async function downloadPlainRosterTemplate(ctx: Pick<AppContext, 'audit' | 'boardId'>, call: SignedInCall): Promise<string> {
  await authorize(ctx.audit, call, rules.importRoster, boardTarget(ctx.boardId));
  return plainRosterTemplate();
}
