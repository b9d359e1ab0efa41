import type { RosterDistrict, RosterSchool, RosterStatus } from './oneroster-types.ts';
import { choices, type OneRosterRows } from './oneroster-rows.ts';

const ORG_TYPE = choices(['district', 'school', 'department', 'local', 'state', 'national']);

interface OrgInfo {
  /** '' when the type was not readable (already reported). */
  type: string;
  status: RosterStatus;
}

export interface OrgsRead {
  /** Every org by sourcedId, for the references of classes and users. */
  orgs: Map<string, OrgInfo>;
  /** False when orgs.csv is absent or unreadable: references to it are not checked then. */
  usable: boolean;
  district: RosterDistrict | null;
  schools: RosterSchool[];
}

/** orgs.csv: the first district, and every school. */
export function readOrgs(rows: OneRosterRows): OrgsRead {
  const read: OrgsRead = { orgs: new Map(), usable: false, district: null, schools: [] };
  const cols = rows.open('orgs', ['sourcedId', 'name', 'type'], ['status', 'identifier']);
  if (!cols) return read;
  const file = cols.table.file;
  const name = cols.get('name');
  const type = cols.get('type');
  const status = cols.get('status');
  const identifier = cols.get('identifier');
  read.usable = rows.forEachRecord(cols, (row, line, sourcedId) => {
    const st = rows.status(file, line, status(row));
    const t = rows.choice(file, line, 'type', type(row), ORG_TYPE);
    read.orgs.set(sourcedId, { type: t ?? '', status: st });
    const n = name(row);
    if (!rows.required(file, line, 'name', n) || t === undefined) return;
    if (t === 'district' && read.district === null) read.district = { sourcedId, name: n };
    if (t === 'school') read.schools.push({ sourcedId, name: n, code: identifier(row) || null, status: st });
  });
  return read;
}
