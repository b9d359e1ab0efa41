import {
  AliasNode,
  DeleteQueryNode,
  FromNode,
  InsertQueryNode,
  JoinNode,
  MergeQueryNode,
  RawNode,
  SelectQueryNode,
  TableNode,
  UpdateQueryNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/** Tables whose rows the cached session and actor views are built from. */
export const SESSION_TABLES = new Set(['session']);
export const ACTOR_TABLES = new Set(['person', 'role_assignment', 'guardian_link']);
/** Tables a class list (the group, its school, its teachers and its students) is built from. */
export const CLASS_LIST_TABLES = new Set(['board', 'school', 'school_year', 'class_group', 'enrollment', 'role_assignment', 'person']);
const WATCHED = new RegExp(`\\b(${[...new Set([...SESSION_TABLES, ...ACTOR_TABLES, ...CLASS_LIST_TABLES])].join('|')})\\b`, 'i');
/** Raw statements that only read (a `with` may hide a write on PostgreSQL, so it does not count). */
const READ_ONLY = /^\s*(select|values|explain)\b/i;

/** The tables a statement writes to; null when it cannot tell (then everything is assumed). */
function writtenTables(node: RootOperationNode): Set<string> | null {
  const names = new Set<string>();
  const add = (n: OperationNode | undefined): boolean => {
    if (!n) return false; // no target we can name: assume the worst
    if (TableNode.is(n)) return names.add(n.table.identifier.name), true;
    if (AliasNode.is(n)) return add(n.node);
    if (FromNode.is(n)) return n.froms.every(add);
    if (JoinNode.is(n)) return add(n.table);
    return false;
  };
  if (SelectQueryNode.is(node)) return !node.with || node.with.expressions.every((cte) => SelectQueryNode.is(cte.expression)) ? names : null;
  if (InsertQueryNode.is(node)) return add(node.into) ? names : null;
  if (UpdateQueryNode.is(node)) return add(node.table) ? names : null;
  if (DeleteQueryNode.is(node)) return add(node.from) ? names : null;
  if (MergeQueryNode.is(node)) return add(node.into) ? names : null;
  if (RawNode.is(node)) {
    const text = node.sqlFragments.join('?');
    return READ_ONLY.test(text) || !WATCHED.test(text) ? names : null;
  }
  return null; // schema changes and anything unforeseen
}

/**
 * Watches every statement this process sends through `ctx.db.kysely` and empties the session,
 * actor and class-list caches when one writes (or may write) to the tables they are built from.
 */
export class CacheInvalidationPlugin implements KyselyPlugin {
  constructor(private readonly onWrite: (tables: Set<string> | null) => void) {}

  private pending = new WeakMap<object, Set<string> | null>();

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    const tables = writtenTables(node);
    if (tables === null || tables.size > 0) {
      this.onWrite(tables);
      this.pending.set(queryId, tables);
    }
    return node;
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    // Once more after the write ran: a read that slipped in before it is not kept either. The
    // entry is kept (until the query id is garbage-collected) because a compiled write may be
    // executed again and again with new parameters (the roster import does) without being
    // compiled again: each execution still empties the caches.
    const tables = this.pending.get(queryId);
    if (tables !== undefined) this.onWrite(tables);
    return result;
  }
}

export const touches = (tables: Set<string> | null, watched: Set<string>) => tables === null || [...tables].some((t) => watched.has(t));
