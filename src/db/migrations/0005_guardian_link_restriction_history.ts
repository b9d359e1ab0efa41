import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

/**
 * ORG-4: every restriction of a guardian link and every lift is kept, with who, when and why.
 * guardian_link keeps the restriction in force; this table keeps what came before it. A link
 * restricted before this migration gets its restriction as the first entry of its history.
 * `n` numbers a link's entries in order (1, 2, …): the order holds even when two share an instant,
 * and two writers can never both add the same entry.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('guardian_link_restriction_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('link_id', 'text', (c) => c.notNull().references('guardian_link.id'))
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('person.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('guardian_link_restriction_event_link')
    .unique()
    .on('guardian_link_restriction_event')
    .columns(['link_id', 'n'])
    .execute();

  const restricted = await db
    .selectFrom('guardian_link')
    .select(['id', 'restricted_reason', 'restricted_by', 'restricted_at', 'created_at'])
    .where('restricted', '=', 1)
    .execute();
  for (const link of restricted) {
    await db
      .insertInto('guardian_link_restriction_event')
      .values({
        id: randomUUID(),
        link_id: link.id,
        n: 1,
        event: 'restricted',
        reason: link.restricted_reason ?? '',
        actor_id: link.restricted_by,
        at: link.restricted_at ?? link.created_at,
      })
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('guardian_link_restriction_event').execute();
}
