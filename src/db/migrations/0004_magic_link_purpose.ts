import type { Kysely } from 'kysely';

/**
 * One-time links by e-mail serve two purposes: a guardian signing in, and a staff member or
 * student choosing a password (first access or forgotten). A link only does what it was sent for.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('magic_link')
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo('sign_in'))
    .execute();
  await db.schema.createIndex('magic_link_person_created').on('magic_link').columns(['person_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('magic_link_person_created').execute();
  await db.schema.alterTable('magic_link').dropColumn('purpose').execute();
}
