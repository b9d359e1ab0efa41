/**
 * Every action the audit log records, spelled once. An entry's `action` must be one of these:
 * a new operation adds its action here (grouped by subject), and the compiler refuses any other
 * spelling. Refusals by a permission rule are recorded under the rule's own name (rules/*.ts).
 */
export const auditActions = [
  // access: a route without a declaration, and the refusals of each rule (rules/*.ts)
  'access.undeclared_route',
  'board.read',
  'board.administer',
  'school.read',
  'classGroup.read',
  'student.read',
  'guardianLink.restrict',
  // sign-in
  'auth.sign_in',
  'auth.sign_out',
  'auth.account_locked',
  'auth.magic_link_requested',
  'auth.password_link_requested',
  'auth.password_set',
  // board and demo
  'board.setup',
  'demo.seed',
  'demo.remove',
  'staff_role.grant',
  // audit log
  'audit.verify',
  // organisation and families
  'class_group.read_roster',
  'student.read_file',
  'guardian.read_children',
  'guardian_link.restrict',
  'guardian_link.lift_restriction',
  'guardian_link.restriction_carried',
  // roster
  'roster.import',
  'roster.import_held',
  'roster.read_import_run',
] as const;

export type AuditAction = (typeof auditActions)[number];
