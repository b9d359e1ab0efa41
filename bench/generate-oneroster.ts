import fs from 'node:fs';
import path from 'node:path';

/**
 * A deterministic OneRoster 1.1 bulk set of any size (ORG-2 benchmark and large tests): same
 * options, same bytes. Students are spread over schools; each student is enrolled in
 * `enrollmentsPerStudent` classes of `classSize`, each class has a teacher, each school an
 * administrator; guardians are spread over students (2 per student for 250k/500k), every 20th also
 * guardian of the next student (siblings). Links are declared on the guardian's row, the student's
 * row, or both, in turn.
 */
export interface GenerateOptions {
  students: number;
  guardians: number;
  schools?: number;
  classSize?: number;
  enrollmentsPerStudent?: number;
  /** Write CRLF, BOM and quote every field, like some SIS exports. */
  windowsStyle?: boolean;
}

export interface GeneratedSet {
  dir: string;
  counts: {
    schools: number;
    classes: number;
    students: number;
    guardians: number;
    teachers: number;
    administrators: number;
    users: number;
    guardianLinks: number;
    studentEnrollments: number;
    teacherEnrollments: number;
  };
}

const GIVEN = ['Léa', 'Émile', 'Chloé', 'Noah', 'Zoé', 'Liam', 'Alice', 'William', 'Rosalie', 'Jacob', 'Florence', 'Thomas', 'Maëlle', 'Éloïse', 'Loïc', 'Anaïs', 'Félix', 'Océane', 'Raphaël', 'Béatrice'];
const FAMILY = ['Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné', 'Ouellet', 'Pelletier', 'Bélanger', 'Lévesque', 'Bergeron', 'Leblanc', 'Paquette', 'Girard', 'Simard', 'Boucher'];
const GUARDIAN_ROLES = ['parent', 'parent', 'guardian', 'parent', 'relative'];

/** Buffered synchronous writer: large sequential writes, nothing held beyond one chunk. */
class CsvWriter {
  private readonly fd: number;
  private chunk: string[] = [];
  private size = 0;
  constructor(
    file: string,
    private readonly eol: string,
    private readonly quoteAll: boolean,
    bom: boolean,
  ) {
    this.fd = fs.openSync(file, 'w');
    if (bom) fs.writeSync(this.fd, '\ufeff');
  }
  row(fields: readonly (string | number)[]): void {
    let line = '';
    for (let i = 0; i < fields.length; i++) {
      const v = String(fields[i]);
      const q = this.quoteAll || v.includes(',') || v.includes('"');
      line += (i === 0 ? '' : ',') + (q ? `"${v.replace(/"/g, '""')}"` : v);
    }
    this.chunk.push(line);
    this.size += line.length;
    if (this.size > 1 << 20) this.flush();
  }
  private flush(): void {
    if (this.chunk.length === 0) return;
    fs.writeSync(this.fd, this.chunk.join(this.eol) + this.eol);
    this.chunk = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

export function generateOneRosterSet(dir: string, opts: GenerateOptions): GeneratedSet {
  const S = opts.students;
  const G = opts.guardians;
  const schools = opts.schools ?? Math.max(2, Math.ceil(S / 500));
  const classSize = opts.classSize ?? 25;
  const E = opts.enrollmentsPerStudent ?? 2;
  const eol = opts.windowsStyle ? '\r\n' : '\n';
  const open = (name: string) => new CsvWriter(path.join(dir, name), eol, !!opts.windowsStyle, !!opts.windowsStyle);
  fs.mkdirSync(dir, { recursive: true });

  // Students of school s: [first(s), first(s+1)).
  const first = (s: number) => Math.floor((s * S) / schools);
  const schoolOf = (i: number) => {
    let s = Math.min(schools - 1, Math.floor((i * schools) / S));
    while (s + 1 < schools && first(s + 1) <= i) s++;
    while (s > 0 && first(s) > i) s--;
    return s;
  };
  const classesPerSeries = (s: number) => Math.max(1, Math.ceil((first(s + 1) - first(s)) / classSize));
  const classId = (s: number, e: number, k: number) => `c-${s}-${e}-${k}`;
  const classOf = (i: number, e: number) => {
    const s = schoolOf(i);
    const j = i - first(s);
    const K = classesPerSeries(s);
    // Series 0 groups neighbours; the others mix them, as subject classes do.
    const k = e === 0 ? Math.floor(j / classSize) % K : (j * (2 * e + 1) + e) % K;
    return { s, k };
  };
  const guardianRange = (i: number) => [Math.ceil((i * G) / S), Math.ceil(((i + 1) * G) / S)] as const;
  const studentOfGuardian = (g: number) => Math.floor((g * S) / G);

  const orgs = open('orgs.csv');
  orgs.row(['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId']);
  orgs.row(['d-1', '', '', 'Centre de services scolaire de banc d’essai', 'district', 'CSSB', '']);
  for (let s = 0; s < schools; s++) orgs.row([`sch-${s}`, '', '', `École n° ${s + 1}`, 'school', String(700000 + s), 'd-1']);
  orgs.close();

  const sessions = open('academicSessions.csv');
  sessions.row(['sourcedId', 'status', 'dateLastModified', 'title', 'type', 'startDate', 'endDate', 'parentSourcedId', 'schoolYear']);
  sessions.row(['sy-2026', '', '', '2026-2027', 'schoolYear', '2026-08-25', '2027-06-23', '', '2027']);
  sessions.row(['t-1', '', '', 'Étape 1', 'term', '2026-08-25', '2027-01-29', 'sy-2026', '2027']);
  sessions.row(['t-2', '', '', 'Étape 2', 'term', '2027-02-01', '2027-06-23', 'sy-2026', '2027']);
  sessions.close();

  const courses = open('courses.csv');
  courses.row(['sourcedId', 'status', 'dateLastModified', 'schoolYearSourcedId', 'title', 'courseCode', 'grades', 'orgSourcedId']);
  for (let e = 0; e < E; e++) courses.row([`crs-${e}`, '', '', 'sy-2026', e === 0 ? 'Titulaire' : `Matière ${e}`, `CRS${e}`, '', 'd-1']);
  courses.close();

  let classCount = 0;
  const classes = open('classes.csv');
  classes.row(['sourcedId', 'status', 'dateLastModified', 'title', 'grades', 'courseSourcedId', 'classCode', 'classType', 'location', 'schoolSourcedId', 'termSourcedIds', 'subjects', 'subjectCodes', 'periods']);
  for (let s = 0; s < schools; s++) {
    const K = classesPerSeries(s);
    for (let e = 0; e < E; e++) {
      for (let k = 0; k < K; k++) {
        const grade = String(1 + ((k + s) % 11)).padStart(2, '0');
        classes.row([classId(s, e, k), '', '', `Groupe ${e}-${k + 1}`, grade, `crs-${e}`, `G${e}${k}`, e === 0 ? 'homeroom' : 'scheduled', '', `sch-${s}`, e === 0 ? 't-1,t-2' : `t-${1 + (k % 2)}`, '', '', '']);
        classCount++;
      }
    }
  }
  classes.close();

  const name = (n: number): [string, string] => [GIVEN[n % GIVEN.length]!, FAMILY[Math.floor(n / GIVEN.length) % FAMILY.length]!];
  let links = 0;
  const users = open('users.csv');
  users.row(['sourcedId', 'status', 'dateLastModified', 'enabledUser', 'orgSourcedIds', 'role', 'username', 'userIds', 'givenName', 'familyName', 'middleName', 'identifier', 'email', 'sms', 'phone', 'agentSourcedIds', 'grades', 'password']);
  for (let i = 0; i < S; i++) {
    const [given, family] = name(i);
    const [g0, g1] = guardianRange(i);
    const agents: string[] = [];
    for (let g = g0; g < g1; g++) if (g % 3 !== 0) agents.push(`g-${g}`);
    const grade = String(1 + (i % 11)).padStart(2, '0');
    users.row([`s-${i}`, '', '', 'true', `sch-${schoolOf(i)}`, 'student', `eleve${i}`, '', given, family, '', String(1_000_000 + i), `eleve${i}@eleves.example.org`, '', '', agents.join(','), grade, '']);
  }
  for (let g = 0; g < G; g++) {
    const [given, family] = name(g * 7 + 3);
    const i = studentOfGuardian(g);
    const students: string[] = [];
    if (g % 3 !== 1) students.push(`s-${i}`);
    if (g % 20 === 0 && i + 1 < S) students.push(`s-${i + 1}`);
    links += 1 + (g % 20 === 0 && i + 1 < S ? 1 : 0);
    users.row([`g-${g}`, '', '', 'true', `sch-${schoolOf(i)}`, GUARDIAN_ROLES[g % GUARDIAN_ROLES.length]!, '', '', given, family, '', '', `parent${g}@courriel.example.org`, '', '', students.join(','), '', '']);
  }
  let teachers = 0;
  for (let s = 0; s < schools; s++) {
    for (let e = 0; e < E; e++) {
      for (let k = 0; k < classesPerSeries(s); k++) {
        const [given, family] = name(teachers * 11 + 5);
        users.row([`t-${s}-${e}-${k}`, '', '', 'true', `sch-${s}`, 'teacher', `ens${s}x${e}x${k}`, '', given, family, '', '', `ens${s}x${e}x${k}@example.org`, '', '', '', '', '']);
        teachers++;
      }
    }
    users.row([`a-${s}`, '', '', 'true', `sch-${s},d-1`, 'administrator', `dir${s}`, '', 'Direction', `École ${s + 1}`, '', '', `dir${s}@example.org`, '', '', '', '', '']);
  }
  users.close();

  const enrollments = open('enrollments.csv');
  enrollments.row(['sourcedId', 'status', 'dateLastModified', 'classSourcedId', 'schoolSourcedId', 'userSourcedId', 'role', 'primary', 'beginDate', 'endDate']);
  for (let i = 0; i < S; i++) {
    for (let e = 0; e < E; e++) {
      const { s, k } = classOf(i, e);
      enrollments.row([`e-${i}-${e}`, '', '', classId(s, e, k), `sch-${s}`, `s-${i}`, 'student', 'false', '2026-08-25', '2027-06-23']);
    }
  }
  for (let s = 0; s < schools; s++) {
    for (let e = 0; e < E; e++) {
      for (let k = 0; k < classesPerSeries(s); k++) {
        enrollments.row([`et-${s}-${e}-${k}`, '', '', classId(s, e, k), `sch-${s}`, `t-${s}-${e}-${k}`, 'teacher', 'true', '', '']);
      }
    }
  }
  enrollments.close();

  return {
    dir,
    counts: {
      schools,
      classes: classCount,
      students: S,
      guardians: G,
      teachers,
      administrators: schools,
      users: S + G + teachers + schools,
      guardianLinks: links,
      studentEnrollments: S * E,
      teacherEnrollments: teachers,
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir = 'bench-data', students = '250000', guardians = '500000'] = process.argv.slice(2);
  const t = performance.now();
  const out = generateOneRosterSet(dir, { students: Number(students), guardians: Number(guardians) });
  process.stdout.write(`${JSON.stringify(out.counts)} in ${((performance.now() - t) / 1000).toFixed(1)} s → ${out.dir}\n`);
}
