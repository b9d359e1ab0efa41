import { boardRules } from './rules/board.ts';
import { schoolRules } from './rules/school.ts';
import { classGroupRules } from './rules/class-group.ts';
import { studentRules } from './rules/student.ts';
import { guardianLinkRules } from './rules/guardian-link.ts';

export type { Rule } from './rules/rule.ts';

/**
 * Every permission of Balise, one file per subject under rules/. A route names one of these; a
 * route that names none is refused (default deny). Each rule reads as a sentence: "who may
 * <action> a <subject>".
 */
export const rules = {
  ...boardRules,
  ...schoolRules,
  ...classGroupRules,
  ...studentRules,
  ...guardianLinkRules,
} as const;

export type RuleName = keyof typeof rules;
