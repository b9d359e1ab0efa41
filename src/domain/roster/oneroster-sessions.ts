import type { RosterSchoolYear, RosterStatus } from './oneroster-types.ts';
import { choices, type OneRosterRows } from './oneroster-rows.ts';
import { rosterErrors } from './roster-error.ts';

const SESSION_TYPE = choices(['schoolYear', 'term', 'semester', 'gradingPeriod']);

interface SessionInfo {
  /** '' when the type was not readable (already reported). */
  type: string;
  parent: string;
  startsOn: string | null;
  endsOn: string | null;
  status: RosterStatus;
  line: number;
  /** The schoolYear column: the year the session's school year ends in (2027 for 2026-2027); null when empty or not a year. */
  endingYear: number | null;
}

export interface SessionsRead {
  sessions: Map<string, SessionInfo>;
  /** False when academicSessions.csv is absent or unreadable: references to it are not checked then. */
  usable: boolean;
  /** The rows of type schoolYear. */
  schoolYears: RosterSchoolYear[];
}

const SESSION_DATES = ['startDate', 'endDate'] as const;
const YEAR_RE = /^\d{4}$/;

function endingYearOf(value: string): number | null {
  if (!YEAR_RE.test(value)) return null;
  const y = Number(value);
  return y > 2000 && y <= 2100 ? y : null;
}

/** academicSessions.csv: every session (for the classes' terms), and the school years among them. */
export function readAcademicSessions(rows: OneRosterRows): SessionsRead {
  const read: SessionsRead = { sessions: new Map(), usable: false, schoolYears: [] };
  const cols = rows.open('academicSessions', ['sourcedId', 'title', 'type', 'startDate', 'endDate'], ['status', 'parentSourcedId', 'schoolYear']);
  if (!cols) return read;
  const file = cols.table.file;
  const title = cols.get('title');
  const type = cols.get('type');
  const start = cols.get('startDate');
  const end = cols.get('endDate');
  const status = cols.get('status');
  const parent = cols.get('parentSourcedId');
  const schoolYear = cols.get('schoolYear');
  read.usable = rows.forEachRecord(cols, (row, line, sourcedId) => {
    const st = rows.status(file, line, status(row));
    const t = rows.choice(file, line, 'type', type(row), SESSION_TYPE);
    const ttl = title(row);
    const titleOk = rows.required(file, line, 'title', ttl);
    const { startsOn, endsOn } = rows.period(file, line, SESSION_DATES, start(row), end(row), true);
    const endingYear = endingYearOf(schoolYear(row));
    read.sessions.set(sourcedId, { type: t ?? '', parent: parent(row), startsOn: startsOn ?? null, endsOn: endsOn ?? null, status: st, line, endingYear });
    if (t === 'schoolYear' && titleOk && startsOn && endsOn) read.schoolYears.push({ sourcedId, name: ttl, startsOn, endsOn, status: st });
  });
  for (const s of read.sessions.values()) {
    if (s.parent !== '' && !read.sessions.has(s.parent)) rows.report(rosterErrors.unknownReference(file, s.line, 'parentSourcedId', s.parent, file));
  }
  return read;
}

/** July 1 to June 30, as the plain CSV counts a school year, so every school day falls inside. */
function derivedYear(endingYear: number): RosterSchoolYear {
  const name = `${endingYear - 1}-${endingYear}`;
  return { sourcedId: `oneroster:schoolYear:${name}`, name, startsOn: `${endingYear - 1}-07-01`, endsOn: `${endingYear}-06-30`, status: 'active' };
}

/** True when the session's dates lie inside the July-to-June year ending in `endingYear`. */
function fitsYear(s: SessionInfo, endingYear: number): boolean {
  return s.startsOn !== null && s.endsOn !== null && s.startsOn >= `${endingYear - 1}-07-01` && s.endsOn <= `${endingYear}-06-30`;
}

/**
 * The school year a session belongs to: itself, up its parents; else the schoolYear row whose
 * dates contain its start; else the year its schoolYear column names (issue 16 B3), when its dates
 * lie inside it: the schoolYear row of that year, or one derived from the name alone.
 */
export class SchoolYears {
  private readonly cache = new Map<string, string | null>();
  private readonly status = new Map<string, RosterStatus>();
  private readonly rowOfEndingYear = new Map<number, string>();
  private readonly derived = new Map<number, RosterSchoolYear>();

  constructor(
    private readonly sessions: ReadonlyMap<string, SessionInfo>,
    private readonly rows: readonly RosterSchoolYear[],
  ) {
    for (const y of rows) {
      this.status.set(y.sourcedId, y.status);
      const ending = sessions.get(y.sourcedId)?.endingYear ?? Number(y.endsOn.slice(0, 4));
      if (!this.rowOfEndingYear.has(ending)) this.rowOfEndingYear.set(ending, y.sourcedId);
    }
  }

  /** The schoolYear rows, then the years derived from schoolYear columns, in order of first use. */
  all(): RosterSchoolYear[] {
    return [...this.rows, ...this.derived.values()];
  }

  statusOf(yearId: string): RosterStatus {
    return this.status.get(yearId) ?? 'active';
  }

  yearOf(sessionId: string): string | null {
    let year = this.cache.get(sessionId);
    if (year === undefined) {
      year = this.find(sessionId);
      this.cache.set(sessionId, year);
    }
    return year;
  }

  private find(sessionId: string): string | null {
    const chain: SessionInfo[] = [];
    const visited = new Set<string>();
    for (let cur = sessionId; cur !== '' && !visited.has(cur); ) {
      visited.add(cur);
      const s = this.sessions.get(cur);
      if (!s) break;
      if (s.type === 'schoolYear') {
        if (this.status.has(cur)) return cur;
        break;
      }
      chain.push(s);
      cur = s.parent;
    }
    const first = chain[0];
    return first ? (this.containing(first) ?? this.named(chain)) : null;
  }

  private containing(s: SessionInfo): string | null {
    const day = s.startsOn;
    if (!day) return null;
    return this.rows.find((y) => y.startsOn <= day && day <= y.endsOn)?.sourcedId ?? null;
  }

  private named(chain: readonly SessionInfo[]): string | null {
    const s = chain.find((x) => x.endingYear !== null);
    if (!s || !fitsYear(chain[0]!, s.endingYear!)) return null;
    const ending = s.endingYear!;
    const row = this.rowOfEndingYear.get(ending);
    if (row !== undefined) return row;
    let year = this.derived.get(ending);
    if (!year) this.derived.set(ending, (year = derivedYear(ending)));
    return year.sourcedId;
  }
}
