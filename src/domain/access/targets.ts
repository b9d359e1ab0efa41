/** What a rule is asked about, reduced to the facts that decide scope. */
export interface BoardTarget { boardId: string }
export interface SchoolTarget { boardId: string; schoolId: string }
export interface ClassGroupTarget { boardId: string; schoolId: string; classGroupId: string }
export interface StudentTarget {
  boardId: string;
  studentId: string;
  /** Schools and class groups where the student is actively enrolled. */
  schoolIds: readonly string[];
  classGroupIds: readonly string[];
}
export interface GuardianLinkTarget extends StudentTarget { guardianId: string }
