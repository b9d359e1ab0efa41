import type { StudentTarget } from '../targets.ts';
import { boardLeader, rule, sameBoard, schoolLeader } from './rule.ts';

export const guardianLinkRules = {
  /** Decided on the student's schools: any link of that student may be restricted by the same people. */
  restrictGuardianLink: rule<StudentTarget, 'guardianLink.restrict'>('guardianLink.restrict',
    'the student’s school leaders and board leaders restrict or lift a guardian link (ORG-4)',
    (a, t) => sameBoard(a, t) && (t.schoolIds.some((s) => schoolLeader(a, s)) || boardLeader(a, t))),
} as const;
