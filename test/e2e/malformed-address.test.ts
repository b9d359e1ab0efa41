import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestBalise, type TestBalise } from '../support/balise.ts';
import { demoAccounts, DEMO_PASSWORD } from '../support/demo-people.ts';
import { E2E_TIMEOUT, assertWebClientBuilt, checkPage, desktop, launchBrowser, newPage, type TestPage } from './support/browser.ts';

/**
 * B6 a page opened with a malformed id — a link cut short, an address typed by hand — says the
 * page cannot be found, and offers no retry (retrying cannot help), in a real browser (SQLite).
 */
describe('B6 B7 a page opened with a malformed id, and names in sentences, in a real browser (SQLite)', () => {
  let b: TestBalise;
  let browser: Browser;
  let tp: TestPage;

  beforeAll(async () => {
    assertWebClientBuilt();
    [b, browser] = await Promise.all([startTestBalise('sqlite'), launchBrowser()]);
    // The API refuses a malformed id as invalid input (400): the page makes it a « not found ».
    tp = await newPage(browser, desktop, { expectedStatuses: [400] });
    const { page } = tp;
    await page.goto(`${b.url}/connexion`);
    await page.getByLabel('Nom d’utilisateur ou courriel').fill(demoAccounts.directorGeneral);
    await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.waitForURL(`${b.url}/`);
  }, E2E_TIMEOUT);
  afterAll(async () => {
    await tp?.context.close().catch(() => undefined);
    await browser?.close();
    await b?.close();
  });

  it(
    'B6 /classes/not-a-uuid, /ecoles/… and /eleves/xyz say « Introuvable », with a way home and no « Réessayer »',
    async () => {
      const { page, problems } = tp;
      for (const [address, shot] of [
        ['/classes/not-a-uuid', 'b6-1-classe-introuvable'],
        ['/ecoles/pas-un-identifiant', 'b6-2-ecole-introuvable'],
        ['/eleves/xyz', 'b6-3-eleve-introuvable'],
      ] as const) {
        await page.goto(`${b.url}${address}`);
        await page.getByRole('heading', { level: 1, name: 'Introuvable', exact: true }).waitFor();
        expect(await page.getByRole('heading', { level: 1 }).allTextContents()).toEqual(['Introuvable']);
        expect(await page.title()).toBe('Introuvable — Balise');
        await page.getByText('Cette page n’existe pas ou n’existe plus.', { exact: false }).waitFor();
        expect(await page.getByRole('button', { name: 'Réessayer' }).count()).toBe(0);
        expect(await page.getByText('Un problème est survenu').count()).toBe(0);
        await page.getByRole('link', { name: 'Retour à l’accueil' }).waitFor();
        await checkPage(page, shot);
      }
      expect(problems).toEqual([]);
    },
    E2E_TIMEOUT,
  );

  it(
    'B7 the board’s home page names the board with French contraction: « Les écoles du Centre de services scolaire des Bleuets »',
    async () => {
      const { page, problems } = tp;
      await page.goto(`${b.url}/`);
      await page.getByRole('heading', { level: 1, name: 'Écoles', exact: true }).waitFor();
      expect(await page.locator('main .lead').textContent()).toMatch(/^Les écoles du Centre de services scolaire des Bleuets\. /);
      expect(problems).toEqual([]);
    },
    E2E_TIMEOUT,
  );
});
