import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../../support/balise.ts';
import { linkToken, startBaliseWithMailbox, type BaliseWithMailbox, type SmtpCapture } from '../../support/mailbox.ts';
import { HttpClient } from '../../support/http-client.ts';
import { DEMO_PASSWORD, demoAccounts } from '../../support/demo-people.ts';

const PASSWORD_LINK = '/connexion/mot-de-passe';
const SIGN_IN_LINK = '/connexion/lien';
const NEW_PASSWORD = 'mon chat dort au soleil';

describe.each(dialects)('ORG-3 staff and students choose their password with a link sent by e-mail, on %s', (dialect) => {
  let b: BaliseWithMailbox;
  let smtp: SmtpCapture;
  let teacher: { id: string; email: string };

  beforeAll(async () => {
    // Many requests from one address in a minute here; the rate limit itself is tested on its own.
    b = await startBaliseWithMailbox(dialect, { RATE_LIMIT_SIGNIN_PER_MINUTE: '100' });
    smtp = b.smtp;
    const row = await b.db.kysely.selectFrom('person').select(['id', 'email']).where('username', '=', demoAccounts.teacher).executeTakeFirstOrThrow();
    teacher = { id: row.id, email: row.email! };
  }, 60_000);
  afterAll(async () => b?.close());
  beforeEach(async () => b.clearLinksAndMail());

  const askLink = (email: string) => new HttpClient(b.url).post('/api/auth/password-link', { email });
  const choose = (token: string, password: string, c = new HttpClient(b.url)) => c.post('/api/auth/password-link/consume', { token, password });
  const passwordWorks = async (password: string) => (await new HttpClient(b.url).post('/api/auth/login', { username: demoAccounts.teacher, password })).status === 200;

  it('ORG-3 the link arrives in French; the new password signs her in at once and replaces the old one; other sessions end; SEC-1 audited', async () => {
    const elsewhere = new HttpClient(b.url);
    await elsewhere.signIn(demoAccounts.teacher, DEMO_PASSWORD);
    expect((await elsewhere.get('/api/session')).json.signedIn).toBe(true);

    expect((await askLink(teacher.email.toUpperCase())).status).toBe(202);
    const mail = await smtp.waitFor(teacher.email);
    expect(mail.subject).toBe('Choisissez votre mot de passe Balise');
    expect(mail.text).toContain(`${b.url}/connexion/mot-de-passe#`);
    const changedAt = () => b.db.kysely.selectFrom('password_credential').select('updated_at').where('person_id', '=', teacher.id).executeTakeFirstOrThrow();
    const before = await changedAt();
    const c = new HttpClient(b.url);
    const res = await choose(linkToken(mail, PASSWORD_LINK), NEW_PASSWORD, c);
    expect(res.status).toBe(200);
    // The replaced password records when it changed.
    expect((await changedAt()).updated_at > before.updated_at).toBe(true);
    expect(res.json).toMatchObject({ signedIn: true, person: { id: teacher.id } });
    expect((await c.get('/api/classes')).status).toBe(200);

    expect(await passwordWorks(NEW_PASSWORD)).toBe(true);
    expect(await passwordWorks(DEMO_PASSWORD)).toBe(false);
    // The session opened before the change is gone at once (this instance's cache is emptied by the write).
    expect((await elsewhere.get('/api/session')).json.signedIn).toBe(false);

    const audit = await b.db.kysely.selectFrom('audit_log').select(['action', 'outcome']).where('actor_id', '=', teacher.id).where('action', 'like', 'auth.password%').orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'auth.password_link_requested', outcome: 'succeeded' },
      { action: 'auth.password_set', outcome: 'succeeded' },
    ]);
  });

  it('ORG-3 a password that is too short or is her own username is refused in her language, and the link stays usable', async () => {
    await askLink(teacher.email);
    const token = linkToken(await smtp.waitFor(teacher.email), PASSWORD_LINK);
    const short = await choose(token, 'court');
    expect(short.status).toBe(400);
    expect(short.json.error).toMatchObject({ code: 'auth.password_too_short' });
    expect(short.json.error.message).toMatch(/au moins 12 caractères/);
    const same = await choose(token, `  ${demoAccounts.teacher.toUpperCase()}  `);
    expect(same.status).toBe(400);
    expect(same.json.error.code).toBe('auth.password_same_as_login');
    expect((await choose(token, 'une autre phrase assez longue')).status).toBe(200);
  });

  it('SEC-4 a link works once and expires; a guardian’s sign-in link cannot set a password, nor this link sign in', async () => {
    await askLink(teacher.email);
    const token = linkToken(await smtp.waitFor(teacher.email), PASSWORD_LINK);
    expect((await new HttpClient(b.url).post('/api/auth/magic-link/consume', { token })).status).toBe(410);
    expect((await choose(token, NEW_PASSWORD)).status).toBe(200);
    const again = await choose(token, 'encore une phrase longue');
    expect(again.status).toBe(410);
    expect(again.json.error.code).toBe('auth.link_invalid');

    smtp.messages.length = 0;
    await askLink(teacher.email);
    const late = linkToken(await smtp.waitFor(teacher.email), PASSWORD_LINK);
    await b.db.kysely.updateTable('magic_link').set({ expires_at: new Date(Date.now() - 60_000).toISOString() }).where('used_at', 'is', null).execute();
    expect((await choose(late, 'encore une phrase longue')).status).toBe(410);

    expect((await new HttpClient(b.url).post('/api/auth/magic-link', { email: demoAccounts.guardianEmail })).status).toBe(202);
    const signInLink = linkToken(await smtp.waitFor(demoAccounts.guardianEmail), SIGN_IN_LINK);
    expect((await choose(signInLink, 'une phrase pour un parent')).status).toBe(410);
    expect((await new HttpClient(b.url).post('/api/auth/magic-link/consume', { token: signInLink })).status).toBe(200);
  });

  it('SEC-4 a guardian or an unknown address gets the same 202 and no mail; at most 3 links per person per window', async () => {
    const known = await askLink(teacher.email);
    for (const email of [demoAccounts.guardianEmail, 'personne.inconnue@exemple.ca']) {
      const res = await askLink(email);
      expect(res.status).toBe(202);
      expect(res.json).toEqual(known.json);
    }
    await askLink(teacher.email);
    await askLink(teacher.email);
    await askLink(teacher.email);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages.map((m) => m.subject)).toEqual(Array(3).fill('Choisissez votre mot de passe Balise'));
    const bad = await new HttpClient(b.url).post('/api/auth/password-link', { email: 'pas une adresse' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_input');
  });
});
