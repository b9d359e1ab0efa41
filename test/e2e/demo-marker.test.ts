import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestBalise, type TestBalise } from '../support/balise.ts';
import { demoAccounts, DEMO_PASSWORD } from '../support/demo-people.ts';
import { removeDemoData } from '../../src/server/demo/remove-demo-data.ts';
import { consoleCall } from '../../src/server/access/call.ts';
import { grantBoardRole } from '../../src/server/staff/grant-board-role.ts';
import { setPassword } from '../../src/db/auth/credentials.ts';
import { hashPassword } from '../../src/server/auth/password-hash.ts';
import { E2E_TIMEOUT, assertWebClientBuilt, checkPage, launchBrowser, newPage, phone, type TestPage } from './support/browser.ts';

const LEADER_EMAIL = 'prp@csreel.exemple.ca';
const LEADER_PASSWORD = 'une phrase bien à moi';

async function signIn(page: Page, url: string, username: string, password: string) {
  await page.goto(`${url}/connexion`);
  await page.getByLabel('Nom d’utilisateur ou courriel').fill(username);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.waitForURL(`${url}/`);
}

/** The marker: words in a note, not only a colour. */
const marker = (page: Page) => page.getByRole('note').filter({ hasText: /^(Démonstration|Demonstration) — / });

describe('ORG-2 B1 the « Démonstration » marker in a real browser (SQLite)', () => {
  let b: TestBalise;
  let browser: Browser;
  const opened: TestPage[] = [];

  beforeAll(async () => {
    assertWebClientBuilt();
    [b, browser] = await Promise.all([startTestBalise('sqlite'), launchBrowser()]);
  }, E2E_TIMEOUT);
  afterAll(async () => {
    for (const p of opened) await p.context.close().catch(() => undefined);
    await browser?.close();
    await b?.close();
  });

  const open = async (options?: Parameters<typeof newPage>[1]) => {
    const p = await newPage(browser, options);
    opened.push(p);
    return p;
  };

  it(
    'ORG-2 B1 shows on the sign-in page and every signed-in page while the demo data is present, says why, in both languages, accessibly',
    async () => {
      const { page, problems } = await open();
      await page.goto(`${b.url}/connexion`);
      await marker(page).waitFor();
      expect(await marker(page).textContent()).toMatch(/^Démonstration — Les personnes et les données affichées sont fictives, et le mot de passe de démonstration est public\..*npx balise demo remove/);
      expect(await marker(page).locator('strong').textContent()).toBe('Démonstration');
      await checkPage(page, 'e-demo-1-connexion');

      await signIn(page, b.url, demoAccounts.teacher, DEMO_PASSWORD);
      await marker(page).waitFor();
      await checkPage(page, 'e-demo-2-accueil');
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('note').filter({ hasText: /^Demonstration — The people and data shown are fictitious/ }).waitFor();
      // Signing out keeps the marker on the sign-in page, without a reload.
      await page.evaluate(() => Object.assign(window, { notReloaded: true }));
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${b.url}/connexion`);
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      expect(await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);
      expect(await marker(page).textContent()).toMatch(/^Demonstration — /);
      expect(problems).toEqual([]);

      const small = await open(phone);
      await signIn(small.page, b.url, demoAccounts.privacyOfficer, DEMO_PASSWORD);
      await marker(small.page).waitFor();
      await checkPage(small.page, 'e-demo-3-telephone', { noHorizontalOverflow: true });
    },
    E2E_TIMEOUT,
  );

  it(
    'ORG-2 B1 is gone once `demo remove` has run, on the sign-in page and for the board’s real leader',
    async () => {
      await removeDemoData(b.ctx, consoleCall);
      const granted = await grantBoardRole(b.ctx, consoleCall, { email: LEADER_EMAIL, role: 'privacy_officer', givenName: 'Amélie', familyName: 'Côté' });
      if (!granted.ok) throw new Error(`grant refused: ${granted.reason}`);
      await setPassword(b.db.kysely, granted.personId, await hashPassword(LEADER_PASSWORD));

      const { page, problems } = await open();
      await page.goto(`${b.url}/connexion`);
      await page.getByRole('button', { name: 'Se connecter', exact: true }).waitFor();
      expect(await marker(page).count()).toBe(0);
      await signIn(page, b.url, LEADER_EMAIL, LEADER_PASSWORD);
      await page.getByRole('link', { name: 'Administration' }).first().waitFor();
      expect(await marker(page).count()).toBe(0);
      expect(await page.getByText('Démonstration').count()).toBe(0);
      expect(problems).toEqual([]);
    },
    E2E_TIMEOUT,
  );
});
