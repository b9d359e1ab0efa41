import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import { dialects } from '../../support/balise.ts';
import { linkToken, startBaliseWithMailbox, type BaliseWithMailbox, type SmtpCapture } from '../../support/mailbox.ts';
import { HttpClient } from '../../support/http-client.ts';
import { demoAccounts } from '../../support/demo-people.ts';

const GUARDIAN = demoAccounts.guardianEmail;
const SIGN_IN_LINK = '/connexion/lien';

const recipients = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to : [mail.to]).map((a) => a?.text ?? '').join(',');

describe.each(dialects)('ORG-3 guardians sign in with a one-time link sent by e-mail, on %s', (dialect) => {
  let b: BaliseWithMailbox;
  let smtp: SmtpCapture;
  let guardianId: string;
  let visibleChildren: { id: string; givenName: string }[];
  let restrictedChild: { id: string; givenName: string };

  beforeAll(async () => {
    b = await startBaliseWithMailbox(dialect);
    smtp = b.smtp;
    const k = b.db.kysely;
    guardianId = (await k.selectFrom('person').select('id').where('email_normalized', '=', GUARDIAN).executeTakeFirstOrThrow()).id;
    const links = await k
      .selectFrom('guardian_link')
      .innerJoin('person', 'person.id', 'guardian_link.student_id')
      .select(['person.id', 'person.given_name', 'guardian_link.restricted'])
      .where('guardian_link.guardian_id', '=', guardianId)
      .execute();
    visibleChildren = links.filter((l) => Number(l.restricted) === 0).map((l) => ({ id: l.id, givenName: l.given_name }));
    const restricted = links.filter((l) => Number(l.restricted) === 1);
    expect(visibleChildren).toHaveLength(2);
    expect(restricted).toHaveLength(1);
    restrictedChild = { id: restricted[0]!.id, givenName: restricted[0]!.given_name };
  }, 60_000);

  afterAll(async () => b?.close());

  // Each test starts with no links issued (the per-guardian window counts them) and an empty mailbox.
  beforeEach(async () => b.clearLinksAndMail());

  const askLink = (email: string, headers: Record<string, string> = {}) => new HttpClient(b.url, headers).post('/api/auth/magic-link', { email });

  it('ORG-3 ORG-4 the link arrives in French, signs the guardian in, and shows only the unrestricted children; SEC-1 the refused file is audited', async () => {
    const asked = await askLink(GUARDIAN);
    expect(asked.status).toBe(202);
    const mail = await smtp.waitFor(GUARDIAN);
    expect(recipients(mail)).toContain(GUARDIAN);
    expect(mail.subject).toBe('Votre lien de connexion à Balise');
    expect(mail.text).toMatch(/Bonjour/);
    expect(mail.text).toContain(`${b.url}/connexion/lien#`);
    const token = linkToken(mail, SIGN_IN_LINK);

    const guardian = new HttpClient(b.url);
    const signedIn = await guardian.post('/api/auth/magic-link/consume', { token });
    expect(signedIn.status).toBe(200);
    expect(signedIn.json).toMatchObject({ signedIn: true, person: { id: guardianId, kind: 'guardian' } });
    expect(signedIn.headers.getSetCookie().some((c) => c.startsWith('balise_session='))).toBe(true);
    expect((await guardian.get('/api/session')).json).toMatchObject({ signedIn: true, person: { kind: 'guardian' } });

    const children = (await guardian.get('/api/children')).json.children as { id: string; givenName: string }[];
    expect(children.map((c) => c.id).sort()).toEqual(visibleChildren.map((c) => c.id).sort());
    expect(children.map((c) => c.givenName)).toContain('Léa');
    expect(children.map((c) => c.id)).not.toContain(restrictedChild.id);

    const denied = await guardian.get(`/api/students/${restrictedChild.id}`);
    expect(denied.status).toBe(403);
    expect(denied.json.error.code).toBe('access.denied');
    expect(denied.text).not.toContain(restrictedChild.givenName);
    const audit = await b.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('actor_id', '=', guardianId)
      .where('outcome', '=', 'denied')
      .where('target_id', '=', restrictedChild.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'student.read', target_type: 'student' });

    const signInAudit = await b.db.kysely
      .selectFrom('audit_log')
      .select(['details'])
      .where('actor_id', '=', guardianId)
      .where('action', '=', 'auth.sign_in')
      .where('outcome', '=', 'succeeded')
      .execute();
    expect(signInAudit.map((r) => JSON.parse(r.details).method)).toContain('magic_link');
  });

  it('ORG-3 the mail is in English when the browser chose English', async () => {
    expect((await askLink(GUARDIAN, { cookie: 'balise_lang=en' })).status).toBe(202);
    const mail = await smtp.waitFor(GUARDIAN);
    expect(mail.subject).toBe('Your Balise sign-in link');
    expect(mail.text).toMatch(/Hello/);
    expect(mail.text).not.toMatch(/Bonjour/);
    expect(linkToken(mail, SIGN_IN_LINK)).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it('SEC-4 a link works once: the second use is refused with 410 auth.link_invalid', async () => {
    await askLink(GUARDIAN);
    const token = linkToken(await smtp.waitFor(GUARDIAN), SIGN_IN_LINK);
    expect((await new HttpClient(b.url).post('/api/auth/magic-link/consume', { token })).status).toBe(200);
    const again = await new HttpClient(b.url).post('/api/auth/magic-link/consume', { token });
    expect(again.status).toBe(410);
    expect(again.json.error.code).toBe('auth.link_invalid');
    expect(again.json.error.message).toMatch(/n’est plus valide/);
    expect(again.headers.getSetCookie().some((c) => c.startsWith('balise_session='))).toBe(false);
  });

  it('SEC-4 an expired link is refused with 410 and opens no session', async () => {
    await askLink(GUARDIAN);
    const token = linkToken(await smtp.waitFor(GUARDIAN), SIGN_IN_LINK);
    const past = new Date(Date.now() - 60_000).toISOString();
    const updated = await b.db.kysely.updateTable('magic_link').set({ expires_at: past }).where('person_id', '=', guardianId).executeTakeFirst();
    expect(Number(updated.numUpdatedRows)).toBe(1);
    const c = new HttpClient(b.url);
    const res = await c.post('/api/auth/magic-link/consume', { token });
    expect(res.status).toBe(410);
    expect(res.json.error.code).toBe('auth.link_invalid');
    expect((await c.get('/api/session')).json.signedIn).toBe(false);
  });

  it('SEC-4 an unknown address gets the same 202 and no mail is sent', async () => {
    const res = await askLink('personne.inconnue@exemple.ca');
    expect(res.status).toBe(202);
    expect(res.json).toEqual((await askLink(GUARDIAN)).json);
    // The handler answers only after the SMTP server accepted its mail, so the mailbox is final.
    await smtp.waitFor(GUARDIAN);
    expect(smtp.messages.map(recipients)).toEqual([expect.stringContaining(GUARDIAN)]);
  });

  it('ORG-3 a staff address gets no link: one-time links are for guardians only', async () => {
    const staff = await b.db.kysely.selectFrom('person').select(['id', 'email']).where('username', '=', demoAccounts.teacher).executeTakeFirstOrThrow();
    const res = await askLink(staff.email!);
    expect(res.status).toBe(202);
    expect(smtp.messages).toHaveLength(0);
    const issued = await b.db.kysely.selectFrom('magic_link').select('person_id').where('person_id', '=', staff.id).execute();
    expect(issued).toEqual([]);
  });

  it('SEC-4 an invalid address is refused with 400 invalid_input and a French message', async () => {
    const res = await askLink('pas-une-adresse');
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_input');
    expect(res.json.error.message).toBe('Certaines informations fournies ne sont pas valides.');
    expect(smtp.messages).toHaveLength(0);
  });

  it('SEC-4 at most 3 links per guardian in the window: the 4th request still answers 202 but sends nothing', async () => {
    for (let i = 0; i < 4; i++) expect((await askLink(GUARDIAN)).status).toBe(202);
    expect(smtp.messages).toHaveLength(3);
    const rows = await b.db.kysely.selectFrom('magic_link').select('token_hash').where('person_id', '=', guardianId).execute();
    expect(rows).toHaveLength(3);
    const refused = await b.db.kysely
      .selectFrom('audit_log')
      .select('details')
      .where('actor_id', '=', guardianId)
      .where('action', '=', 'auth.magic_link_requested')
      .where('outcome', '=', 'denied')
      .execute();
    expect(refused.map((r) => JSON.parse(r.details))).toContainEqual({ reason: 'too_many' });
  });

  it('SEC-4 the token is never stored in clear, only its SHA-256', async () => {
    await askLink(GUARDIAN);
    const token = linkToken(await smtp.waitFor(GUARDIAN), SIGN_IN_LINK);
    const rows = await b.db.kysely.selectFrom('magic_link').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toBe(token);
    expect(rows[0]!.token_hash).not.toContain(token);
    expect(rows[0]!.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});
