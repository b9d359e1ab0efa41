import type { ClassGroupTarget } from '../targets.ts';
import { boardLeader, rule, sameBoard, schoolLeader } from './rule.ts';

export const classGroupRules = {
  readClassGroup: rule<ClassGroupTarget, 'classGroup.read'>('classGroup.read', 'the class’s teachers, its school’s leaders, board leaders',
    (a, t) =>
      sameBoard(a, t) &&
      (a.teachesClassIds.has(t.classGroupId) || schoolLeader(a, t.schoolId) || boardLeader(a, t))),
} as const;
