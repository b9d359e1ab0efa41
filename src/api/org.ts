import { z } from 'zod';

/**
 * The answers of the organisation routes, as the server validates them and the web client reads
 * them: one definition for both sides.
 */
export const SchoolYearRef = z.object({ id: z.string(), name: z.string() });

export const ClassGroupSummary = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string().nullable(),
  /** The grade or grades as the roster gave them (e.g. « 5 » or « 5,6 »). */
  grades: z.string().nullable(),
  schoolId: z.string(),
  schoolName: z.string(),
  schoolYear: SchoolYearRef,
  studentCount: z.number(),
});
export type ClassGroupSummary = z.infer<typeof ClassGroupSummary>;

export const PersonName = z.object({
  id: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  preferredName: z.string().nullable().optional(),
});
export type PersonName = z.infer<typeof PersonName>;

export const ClassGroupList = z.object({ classGroups: z.array(ClassGroupSummary) });

export const ClassGroupDetail = z.object({
  classGroup: ClassGroupSummary.omit({ studentCount: true }),
  teachers: z.array(PersonName),
  students: z.array(PersonName),
  /** What the viewer may do from this page. */
  can: z.object({ readSchool: z.boolean() }),
});
export type ClassGroupDetail = z.infer<typeof ClassGroupDetail>;

export const SchoolSummary = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string().nullable(),
  classGroupCount: z.number(),
  studentCount: z.number(),
});
export type SchoolSummary = z.infer<typeof SchoolSummary>;

export const SchoolList = z.object({ schools: z.array(SchoolSummary) });

export const SchoolDetail = z.object({
  school: z.object({ id: z.string(), name: z.string(), code: z.string().nullable() }),
  classGroups: z.array(ClassGroupSummary),
});
export type SchoolDetail = z.infer<typeof SchoolDetail>;

/** A path's id: anything else is a page that does not exist. */
export const IdParams = z.object({ id: z.uuid() });
