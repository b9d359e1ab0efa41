import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestBalise, type TestBalise } from '../support/balise.ts';
import { startSmtpCapture } from '../support/smtp-capture.ts';
import { HttpClient } from '../support/http-client.ts';
import { demoAccounts, demoFixtures, DEMO_PASSWORD } from '../support/demo-people.ts';
import { E2E_TIMEOUT, assertWebClientBuilt, checkPage, desktop, launchBrowser, newPage, phone, type TestPage } from './support/browser.ts';

/**
 * Real headless Chromium against a real Balise (SQLite, demo data) serving the built web client,
 * with a real SMTP server catching the guardian's sign-in mail. Every page visited is checked with
 * axe-core and screenshotted to /tmp/balise-shots/.
 */
describe('ORG-3 sign-in in a real browser (SQLite)', () => {
  let b: TestBalise;
  let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
  let browser: Browser;
  const opened: TestPage[] = [];
  let teacher: { ownClassIds: string[]; otherTeacherClassId: string };
  let family: { children: { id: string; name: string }[]; restricted: { id: string; name: string } };

  beforeAll(async () => {
    assertWebClientBuilt();
    smtp = await startSmtpCapture();
    [b, browser] = await Promise.all([startTestBalise('sqlite', { SMTP_URL: smtp.url }), launchBrowser()]);
    const k = b.db.kysely;

    const api = new HttpClient(b.url);
    await api.signIn(demoAccounts.teacher, DEMO_PASSWORD);
    const roy = await k.selectFrom('person').select('id').where('username', '=', demoAccounts.otherTeacher).executeTakeFirstOrThrow();
    const royClass = await k.selectFrom('role_assignment').select('scope_id').where('person_id', '=', roy.id).where('role', '=', 'teacher').executeTakeFirstOrThrow();
    teacher = {
      ownClassIds: ((await api.get('/api/classes')).json.classGroups as { id: string }[]).map((g) => g.id),
      otherTeacherClassId: royClass.scope_id,
    };

    // The demo guardian's children: the ones she may see, and the one whose link is restricted.
    const { childIds, restrictedChildId } = await demoFixtures(k);
    const people = await k.selectFrom('person').select(['id', 'given_name', 'family_name']).where('id', 'in', [...childIds, restrictedChildId]).execute();
    const named = (id: string) => {
      const p = people.find((person) => person.id === id)!;
      return { id, name: `${p.given_name} ${p.family_name}` };
    };
    family = { children: childIds.map(named), restricted: named(restrictedChildId) };
  }, E2E_TIMEOUT);

  afterAll(async () => {
    for (const p of opened) await p.context.close().catch(() => undefined);
    await browser?.close();
    await b?.close();
    await smtp?.close();
  });

  async function open(options = desktop) {
    const p = await newPage(browser, options);
    opened.push(p);
    return p;
  }

  /** Waits for the page's one h1 to read `text` (pages load their data after the first paint). */
  async function expectH1(page: Page, text: string) {
    await page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).allTextContents()).toEqual([text]);
  }
  const poll = { timeout: 15_000 };

  /** The teacher's path through the pages; `prefix` names the screenshots. */
  async function teacherFlow({ page, problems }: TestPage, prefix: string, overflow: boolean) {
    await page.goto(`${b.url}/`);
    // Not signed in: the home page sends the person to the sign-in page.
    await page.waitForURL(`${b.url}/connexion`);
    await expectH1(page, 'Connexion à Balise');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await checkPage(page, `${prefix}-1-connexion`, { noHorizontalOverflow: overflow });

    await page.getByLabel('Nom d’utilisateur ou courriel').fill(demoAccounts.teacher);
    await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.waitForURL(`${b.url}/`);
    await expectH1(page, 'Mes groupes');
    await page.locator('.cards a[href^="/classes/"]').first().waitFor();
    await checkPage(page, `${prefix}-2-mes-groupes`, { noHorizontalOverflow: overflow });

    // Exactly the groups the API gives her, and not her colleague's.
    const hrefs = await page.locator('main a[href^="/classes/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs.sort()).toEqual(teacher.ownClassIds.map((id) => `/classes/${id}`).sort());
    expect(hrefs).not.toContain(`/classes/${teacher.otherTeacherClassId}`);
    expect(await page.locator('main .count').allTextContents()).toEqual(['25 élèves']);

    await page.locator(`main a[href="/classes/${teacher.ownClassIds[0]}"]`).click();
    await page.waitForURL(`${b.url}/classes/${teacher.ownClassIds[0]}`);
    const rows = page.locator('main table tbody tr');
    await expect.poll(() => rows.count(), poll).toBe(25);
    expect(await page.locator('main table caption').textContent()).toMatch(/Groupe/);
    await checkPage(page, `${prefix}-3-classe`, { noHorizontalOverflow: overflow });

    // A colleague's group, typed into the address bar, is refused.
    await page.goto(`${b.url}/classes/${teacher.otherTeacherClassId}`);
    await expectH1(page, 'Accès refusé');
    await checkPage(page, `${prefix}-4-groupe-refuse`, { noHorizontalOverflow: overflow });

    expect(problems).toEqual([]);
  }

  it(
    'ORG-3 a teacher signs in through the page, sees only her own group, and opens its list of 25 students',
    async () => {
      await teacherFlow(await open(desktop), 'a-enseignante', false);
    },
    E2E_TIMEOUT,
  );

  it(
    'ORG-3 ORG-4 a guardian asks for a link on the page, follows it from the mail, and sees only the unrestricted children',
    async () => {
      const { page, problems } = await open(desktop);
      await page.goto(`${b.url}/connexion`);
      await page.getByLabel('Adresse courriel').fill(demoAccounts.guardianEmail);
      await page.getByRole('button', { name: 'Recevoir un lien de connexion par courriel' }).click();
      await page.getByRole('status').getByText('Si cette adresse est connue').waitFor();
      await checkPage(page, 'b-parent-1-lien-demande');

      const mail = await smtp.waitFor(demoAccounts.guardianEmail);
      expect(mail.subject).toBe('Votre lien de connexion à Balise');
      const link = /https?:\/\/\S+\/connexion\/lien#\S+/.exec(mail.text ?? '')?.[0];
      expect(link).toBeDefined();

      await page.goto(link!);
      await expectH1(page, 'Connexion par lien');
      // The token leaves the address bar at once (history, screenshots, shoulder-surfing).
      await expect.poll(() => page.url(), poll).toBe(`${b.url}/connexion/lien`);
      await checkPage(page, 'b-parent-2-lien');
      await page.getByRole('button', { name: 'Se connecter' }).click();

      await page.waitForURL(`${b.url}/`);
      await expectH1(page, 'Mes enfants');
      const cards = page.locator('main .card-title');
      await expect.poll(() => cards.count(), poll).toBe(2);
      const names = await cards.allTextContents();
      expect(names.sort()).toEqual(family.children.map((c) => c.name).sort());
      expect(names).toContain('Léa Lavoie');
      expect(await page.locator('body').textContent()).not.toContain(family.restricted.name);
      await checkPage(page, 'b-parent-3-mes-enfants');

      // The restricted child's file, typed into the address bar: access denied, nothing of the child.
      await page.goto(`${b.url}/eleves/${family.restricted.id}`);
      await expectH1(page, 'Accès refusé');
      expect(await page.locator('body').textContent()).not.toContain(family.restricted.name);
      await checkPage(page, 'b-parent-4-acces-refuse');

      // Her own child's file opens.
      const lea = family.children.find((c) => c.name === 'Léa Lavoie')!;
      await page.goto(`${b.url}/eleves/${lea.id}`);
      await page.getByRole('heading', { level: 1, name: /Léa/ }).waitFor();
      await checkPage(page, 'b-parent-5-dossier-lea');

      expect(problems).toEqual([]);
    },
    E2E_TIMEOUT,
  );

  it(
    'ORG-3 the « English » switch turns the sign-in page to English, on <html lang>, for the server too, and survives a reload',
    async () => {
      const { page, problems } = await open(desktop);
      await page.goto(`${b.url}/connexion`);
      await expectH1(page, 'Connexion à Balise');
      expect(await page.getByRole('button', { name: 'Se connecter', exact: true }).count()).toBe(1);

      await page.getByRole('button', { name: 'English' }).click();
      await expectH1(page, 'Sign in to Balise');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.getByRole('button', { name: 'Sign in', exact: true }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Se connecter', exact: true }).count()).toBe(0);
      await checkPage(page, 'c-langue-1-english');

      await page.reload();
      await expectH1(page, 'Sign in to Balise');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.getByRole('button', { name: 'Français' }).count()).toBe(1);

      // The server answers in the chosen language as well.
      await page.getByLabel('Username or email').fill(demoAccounts.teacher);
      await page.getByLabel('Password', { exact: true }).fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('alert').getByText('Incorrect username or password.').waitFor();
      await checkPage(page, 'c-langue-2-erreur-english');

      await page.getByRole('button', { name: 'Français' }).click();
      await expectH1(page, 'Connexion à Balise');
      expect(await page.getAttribute('html', 'lang')).toBe('fr');
      expect(problems).toEqual([]);
    },
    E2E_TIMEOUT,
  );

  it(
    'ORG-3 at phone size, a teacher without a password asks for a link, follows it from the mail, chooses a password and is signed in',
    async () => {
      const { page, problems } = await open(phone);
      const roy = await b.db.kysely.selectFrom('person').select('email').where('username', '=', demoAccounts.otherTeacher).executeTakeFirstOrThrow();
      await page.goto(`${b.url}/connexion`);
      await page.getByRole('link', { name: 'Mot de passe oublié ou première connexion ?' }).click();
      await page.waitForURL(`${b.url}/connexion/mot-de-passe`);
      await expectH1(page, 'Choisir un mot de passe');
      await page.getByLabel('Adresse courriel').fill(roy.email!);
      await page.getByRole('button', { name: 'Recevoir un lien par courriel' }).click();
      await page.getByRole('status').getByText(/^Si cette adresse correspond à un compte/).waitFor();
      await checkPage(page, 'e-mot-de-passe-1-demande', { noHorizontalOverflow: true });

      const mail = await smtp.waitFor(roy.email!);
      expect(mail.subject).toBe('Choisissez votre mot de passe Balise');
      const link = /https?:\/\/\S+\/connexion\/mot-de-passe#\S+/.exec(mail.text ?? '')?.[0];
      expect(link).toBeDefined();
      // The link is followed in the page already open, as when it is pasted there.
      await page.goto(link!);
      await expectH1(page, 'Choisissez votre mot de passe');
      await expect.poll(() => page.url(), poll).toBe(`${b.url}/connexion/mot-de-passe`);
      await page.getByLabel('Nouveau mot de passe').fill('trop court');
      await page.getByLabel('Confirmez le mot de passe').fill('trop court');
      await page.getByRole('button', { name: 'Enregistrer et me connecter' }).click();
      await page.getByText('Le mot de passe doit compter au moins 12 caractères.').waitFor();
      await checkPage(page, 'e-mot-de-passe-2-trop-court', { noHorizontalOverflow: true });

      await page.getByLabel('Nouveau mot de passe').fill('le héron pêche au bord du lac');
      await page.getByLabel('Confirmez le mot de passe').fill('le héron pêche au bord du lac');
      await page.getByRole('button', { name: 'Enregistrer et me connecter' }).click();
      await page.waitForURL(`${b.url}/`);
      await expectH1(page, 'Mes groupes');
      await checkPage(page, 'e-mot-de-passe-3-connecte', { noHorizontalOverflow: true });
      expect((await new HttpClient(b.url).post('/api/auth/login', { username: demoAccounts.otherTeacher, password: 'le héron pêche au bord du lac' })).status).toBe(200);
      expect(problems).toEqual([]);
    },
    E2E_TIMEOUT,
  );

  it(
    'ORG-3 at phone size (375×812, touch) the teacher’s pages fit the screen and stay accessible',
    async () => {
      await teacherFlow(await open(phone), 'd-telephone', true);
    },
    E2E_TIMEOUT,
  );
});
