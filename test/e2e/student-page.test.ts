import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestBalise, type TestBalise } from '../support/balise.ts';
import { demoAccounts, demoFixtures, DEMO_PASSWORD } from '../support/demo-people.ts';
import { ofName } from '../../src/web/app/format.ts';
import { E2E_TIMEOUT, assertWebClientBuilt, checkPage, launchBrowser, newPage, phone, type TestPage } from './support/browser.ts';

/**
 * The student's page in real headless Chromium on a phone-sized screen (SQLite, demo data): a
 * principal restricts and lifts a guardian's link, each for a reason, and reads the history;
 * the student reads her own file. Every state is checked with axe-core and screenshotted.
 */
describe('ORG-4 B5 B7 the student’s page in a real browser, on a phone (SQLite)', () => {
  let b: TestBalise;
  let browser: Browser;
  const opened: TestPage[] = [];
  let lea: { id: string; name: string };
  let other: { linkId: string; name: string };

  beforeAll(async () => {
    assertWebClientBuilt();
    [b, browser] = await Promise.all([startTestBalise('sqlite'), launchBrowser()]);
    const k = b.db.kysely;
    const f = await demoFixtures(k);
    const student = await k.selectFrom('person').select(['given_name', 'family_name']).where('id', '=', f.studentSelfId).executeTakeFirstOrThrow();
    lea = { id: f.studentSelfId, name: `${student.given_name} ${student.family_name}` };
    const link = await k
      .selectFrom('guardian_link')
      .innerJoin('person', 'person.id', 'guardian_link.guardian_id')
      .select(['guardian_link.id', 'person.given_name', 'person.family_name'])
      .where('guardian_link.id', '=', f.otherGuardianLinkId)
      .executeTakeFirstOrThrow();
    other = { linkId: link.id, name: `${link.given_name} ${link.family_name}` };
  }, E2E_TIMEOUT);

  afterAll(async () => {
    for (const p of opened) await p.context.close().catch(() => undefined);
    await browser?.close();
    await b?.close();
  });

  async function signedIn(username: string): Promise<TestPage> {
    const tp = await newPage(browser, phone);
    opened.push(tp);
    const { page } = tp;
    await page.goto(`${b.url}/connexion`);
    await page.getByLabel('Nom d’utilisateur ou courriel').fill(username);
    await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.waitForURL(`${b.url}/`);
    return tp;
  }

  const rowOf = (page: Page, name: string) => page.locator('li.guardian').filter({ has: page.locator('.guardian-name', { hasText: name }) });
  /** A row's action, named with its guardian (« de Marc », « d’Annie »: the elision is not this test's concern). */
  const actionName = (action: string) => new RegExp(`^${action} (de |d’)${other.name}$`);
  /** B7: the guardian's name after « de », as French writes it (« de Marc », « d’Annie »). */
  const ofOther = () => ofName('fr', other.name, 'person');
  const check = (page: Page, name: string) => checkPage(page, name, { noHorizontalOverflow: true });

  it(
    'ORG-4 B5 a principal restricts a link for a reason, then lifts it after confirming with a reason; she sees the reason in force and the history',
    async () => {
      const { page, problems } = await signedIn(demoAccounts.principal);
      await page.goto(`${b.url}/eleves/${lea.id}`);
      await page.getByRole('heading', { level: 1, name: lea.name }).waitFor();
      const row = rowOf(page, other.name);

      await row.getByRole('button', { name: actionName('Restreindre l’accès') }).click();
      await row.getByRole('group', { name: `Restreindre l’accès ${ofOther()}` }).waitFor();
      const reason = row.getByLabel('Motif de la restriction');
      await expect.poll(() => reason.evaluate((el) => el === document.activeElement)).toBe(true);
      await row.getByRole('button', { name: 'Confirmer la restriction' }).click();
      await row.getByText('Indiquez le motif de la restriction.').waitFor();
      expect(await reason.getAttribute('aria-invalid')).toBe('true');
      await check(page, 'b5-1-restreindre-motif-manquant');
      await reason.fill('Ordonnance de garde du 2026-11-20');
      await row.getByRole('button', { name: 'Confirmer la restriction' }).click();
      await page.getByRole('status').getByText(`L’accès ${ofOther()} est maintenant restreint.`).waitFor();
      await row.getByText('Accès restreint').waitFor();
      await row.getByText('Ordonnance de garde du 2026-11-20', { exact: true }).waitFor();
      await row.getByText('Nathalie Bouchard', { exact: true }).waitFor();
      await check(page, 'b5-2-restreint-motif-en-vigueur');

      // Lifting asks for a confirmation and a reason; cancelling changes nothing.
      await row.getByRole('button', { name: actionName('Rétablir l’accès') }).click();
      await row.getByRole('group', { name: `Rétablir l’accès pour ${other.name}` }).waitFor();
      await row.getByRole('button', { name: 'Annuler' }).click();
      await expect.poll(() => row.getByRole('button', { name: actionName('Rétablir l’accès') }).evaluate((el) => el === document.activeElement)).toBe(true);
      expect((await b.db.kysely.selectFrom('guardian_link').select('restricted').where('id', '=', other.linkId).executeTakeFirstOrThrow()).restricted).toBe(1);

      await row.getByRole('button', { name: actionName('Rétablir l’accès') }).click();
      await row.getByRole('button', { name: 'Confirmer le rétablissement' }).click();
      await row.getByText('Indiquez le motif du rétablissement.').waitFor();
      await check(page, 'b5-3-retablir-motif-manquant');
      await row.getByLabel('Motif du rétablissement').fill('Jugement du 2027-01-15 annulant l’ordonnance');
      await row.getByRole('button', { name: 'Confirmer le rétablissement' }).click();
      await page.getByRole('status').getByText(`L’accès ${ofOther()} est rétabli.`).waitFor();
      expect(await row.getByText('Accès restreint').count()).toBe(0);

      // The history keeps both, newest first, with who did it.
      await row.getByRole('button', { name: 'Voir l’historique (2 entrées)' }).click();
      expect(await row.getByRole('button', { name: 'Masquer l’historique (2 entrées)' }).getAttribute('aria-expanded')).toBe('true');
      const entries = row.getByRole('list', { name: 'Historique de la restriction' }).getByRole('listitem');
      expect(await entries.allTextContents()).toEqual([
        expect.stringMatching(/Accès rétabli par Nathalie Bouchard : Jugement du 2027-01-15 annulant l’ordonnance$/),
        expect.stringMatching(/Restreint par Nathalie Bouchard : Ordonnance de garde du 2026-11-20$/),
      ]);
      await check(page, 'b5-4-historique');
      expect(problems).toEqual([]);
    },
    E2E_TIMEOUT,
  );

  it(
    'B7 the student’s own file names the guardians who receive the school’s information, and never says none are linked',
    async () => {
      const { page, problems } = await signedIn(demoAccounts.student);
      await page.getByRole('link', { name: 'Mon dossier' }).click();
      await page.waitForURL(`${b.url}/eleves/${lea.id}`);
      await page.getByRole('heading', { level: 2, name: 'Parents et tuteurs' }).waitFor();
      await page.getByText('Les parents et tuteurs qui reçoivent les informations de l’école à votre sujet.').waitFor();
      await page.locator('.guardian-name').first().waitFor();
      const informed = await b.db.kysely
        .selectFrom('guardian_link')
        .innerJoin('person', 'person.id', 'guardian_link.guardian_id')
        .select(['person.given_name', 'person.family_name'])
        .where('guardian_link.student_id', '=', lea.id)
        .where('guardian_link.status', '=', 'active')
        .where('guardian_link.restricted', '=', 0)
        .execute();
      expect(informed.length).toBeGreaterThan(0);
      expect((await page.locator('.guardian-name').allTextContents()).sort()).toEqual(informed.map((g) => `${g.given_name} ${g.family_name}`).sort());
      expect(await page.locator('main').textContent()).not.toMatch(/Aucun parent ou tuteur/);
      // Nothing to change, nothing about restrictions.
      expect(await page.locator('main').getByRole('button').count()).toBe(0);
      await check(page, 'b7-1-dossier-eleve');
      expect(problems).toEqual([]);
    },
    E2E_TIMEOUT,
  );
});
