export type PersonKindName = 'staff' | 'student' | 'guardian';
export type StaffRoleName = 'director_general' | 'privacy_officer' | 'principal' | 'secretary' | 'teacher';
export const boardWideRoles: readonly StaffRoleName[] = ['director_general', 'privacy_officer'];
export const schoolLeadRoles: readonly StaffRoleName[] = ['principal', 'secretary'];
