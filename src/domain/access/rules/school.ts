import type { SchoolTarget } from '../targets.ts';
import { boardLeader, rule, sameBoard, schoolLeader } from './rule.ts';

export const schoolRules = {
  readSchool: rule<SchoolTarget, 'school.read'>('school.read', 'board leaders, and the school’s principal and secretary', (a, t) =>
    boardLeader(a, t) || (sameBoard(a, t) && schoolLeader(a, t.schoolId))),
} as const;
