import type { StudentTarget } from '../targets.ts';
import { boardLeader, rule, sameBoard, schoolLeader } from './rule.ts';

export const studentRules = {
  readStudent: rule<StudentTarget, 'student.read'>('student.read',
    'the student, an unrestricted guardian, a teacher of one of their classes, a leader of one of their schools, board leaders',
    (a, t) =>
      sameBoard(a, t) &&
      (a.personId === t.studentId ||
        a.childIds.has(t.studentId) ||
        t.classGroupIds.some((c) => a.teachesClassIds.has(c)) ||
        t.schoolIds.some((s) => schoolLeader(a, s)) ||
        boardLeader(a, t))),
} as const;
