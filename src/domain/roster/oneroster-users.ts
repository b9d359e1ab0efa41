import { normalizeLogin } from '../people/login-name.ts';
import type { OneRosterUserRole, RosterPersonKind, RosterRoleGrant, RosterUser } from './oneroster-types.ts';
import type { OrgsRead } from './oneroster-orgs.ts';
import { choices, type OneRosterRows } from './oneroster-rows.ts';
import { rosterErrors } from './roster-error.ts';
import type { Columns } from './roster-columns.ts';
import { joinGrades, parseRosterBoolean, splitMulti } from './roster-values.ts';

const KIND_OF_ROLE: Record<OneRosterUserRole, RosterPersonKind> = {
  student: 'student',
  teacher: 'staff',
  administrator: 'staff',
  aide: 'staff',
  proctor: 'staff',
  parent: 'guardian',
  guardian: 'guardian',
  relative: 'guardian',
};
export const USER_ROLE = choices(Object.keys(KIND_OF_ROLE) as OneRosterUserRole[]);

/** A row that names agents (agentSourcedIds), checked once every user is known. */
interface AgentRow {
  user: number;
  line: number;
  ids: string[];
}

export interface UsersRead {
  users: RosterUser[];
  /** The line of each user in users.csv, by index in `users`. */
  lines: number[];
  /** Index in `users` by sourcedId; -1 for a user whose row had errors (known, so not reported again as unknown). */
  index: Map<string, number>;
  /** False when users.csv is absent or unreadable: references to it are not checked then. */
  usable: boolean;
  /** An administrator is the principal of each school among their orgs. */
  principals: RosterRoleGrant[];
  agentRows: AgentRow[];
}

const USER_COLUMNS = ['status', 'preferredFirstName', 'email', 'username', 'grades', 'enabledUser', 'orgSourcedIds', 'agentSourcedIds'];

/** users.csv: every person, the principals among them, and the rows that name guardians or children. */
export function readUsers(rows: OneRosterRows, orgs: OrgsRead): UsersRead {
  const read: UsersRead = { users: [], lines: [], index: new Map(), usable: false, principals: [], agentRows: [] };
  const cols = rows.open('users', ['sourcedId', 'role', 'givenName', 'familyName'], USER_COLUMNS);
  if (!cols) return read;
  const readRow = userRowReader(rows, cols, orgs);
  read.usable = rows.forEachRecord(cols, (row, line, sourcedId) => {
    const u = readRow(row, line, sourcedId);
    if (!u) {
      read.index.set(sourcedId, -1);
      return;
    }
    const index = read.users.length;
    read.index.set(sourcedId, index);
    read.users.push(u.user);
    read.lines.push(line);
    if (u.agents.length > 0) read.agentRows.push({ user: index, line, ids: u.agents });
    if (u.user.role === 'administrator') read.principals.push(...principalGrants(u.user, u.orgs, orgs));
  });
  // Links are only checked on a file read to the end: an unreadable line could be any of the agents.
  if (!read.usable) read.agentRows = [];
  return read;
}

/** Reads one users.csv row: the user, their orgs and agents; null (and reported) when a cell is wrong. */
function userRowReader(rows: OneRosterRows, cols: Columns, orgs: OrgsRead) {
  const file = cols.table.file;
  const role = cols.get('role');
  const given = cols.get('givenName');
  const family = cols.get('familyName');
  const status = cols.get('status');
  const preferred = cols.get('preferredFirstName');
  const email = cols.get('email');
  const username = cols.get('username');
  const grades = cols.get('grades');
  const enabled = cols.get('enabledUser');
  const orgIds = cols.get('orgSourcedIds');
  const agents = cols.get('agentSourcedIds');
  return (row: string[], line: number, sourcedId: string): { user: RosterUser; orgs: string[]; agents: string[] } | null => {
    const st = rows.status(file, line, status(row));
    const r = rows.choice(file, line, 'role', role(row), USER_ROLE);
    const gn = given(row);
    const fn = family(row);
    let ok = rows.required(file, line, 'givenName', gn);
    ok = rows.required(file, line, 'familyName', fn) && ok;
    const en = parseRosterBoolean(enabled(row), true);
    if (en === null) rows.report(rosterErrors.invalidValue(file, line, 'enabledUser', enabled(row), ['true', 'false']));
    const orgList = splitMulti(orgIds(row));
    ok = knownOrgs(rows, orgs, file, line, orgList) && en !== null && ok;
    const agentList = splitMulti(agents(row));
    if (!ok || r === undefined) return null;
    const e = email(row);
    const user: RosterUser = {
      sourcedId,
      role: r,
      kind: KIND_OF_ROLE[r],
      givenName: gn,
      familyName: fn,
      preferredName: preferred(row) || null,
      email: e || null,
      emailNormalized: e ? normalizeLogin(e) : null,
      username: username(row) || null,
      grades: joinGrades(grades(row)),
      enabled: en!,
      status: st,
    };
    return { user, orgs: orgList, agents: agentList };
  };
}

/** False (and reported) when an org of the list is not in orgs.csv. */
function knownOrgs(rows: OneRosterRows, orgs: OrgsRead, file: string, line: number, list: readonly string[]): boolean {
  if (!orgs.usable) return true;
  let ok = true;
  for (const o of list) {
    if (orgs.orgs.has(o)) continue;
    rows.report(rosterErrors.unknownReference(file, line, 'orgSourcedIds', o, 'orgs.csv'));
    ok = false;
  }
  return ok;
}

/** An administrator of a school is its principal (not of a district or department). */
function principalGrants(user: RosterUser, orgIds: readonly string[], orgs: OrgsRead): RosterRoleGrant[] {
  const grants: RosterRoleGrant[] = [];
  for (const o of orgIds) {
    const org = orgs.orgs.get(o);
    if (org?.type !== 'school') continue;
    grants.push({
      sourcedId: `${user.sourcedId}@${o}`,
      role: 'principal',
      scope: 'school',
      scopeSourcedId: o,
      userSourcedId: user.sourcedId,
      status: user.status === 'ended' || org.status === 'ended' ? 'ended' : 'active',
    });
  }
  return grants;
}
