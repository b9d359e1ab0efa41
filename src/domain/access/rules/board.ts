import { holdsBoardRole } from '../actor.ts';
import type { BoardTarget } from '../targets.ts';
import { boardLeader, rule, sameBoard } from './rule.ts';

export const boardRules = {
  readBoard: rule<BoardTarget, 'board.read'>('board.read', 'staff of the board see its schools and years', (a, t) =>
    sameBoard(a, t) && a.kind === 'staff'),

  administerBoard: rule<BoardTarget, 'board.administer'>('board.administer', 'the DG and the privacy officer see the board’s administration',
    boardLeader),

  importRoster: rule<BoardTarget, 'roster.import'>('roster.import', 'the privacy officer imports rosters', (a, t) =>
    sameBoard(a, t) && holdsBoardRole(a, 'privacy_officer')),

  verifyAudit: rule<BoardTarget, 'audit.verify'>('audit.verify', 'the privacy officer and the DG verify the audit log', boardLeader),
} as const;
