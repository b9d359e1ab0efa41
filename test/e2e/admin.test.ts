import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { sql } from 'kysely';
import type { TestBalise } from '../support/balise.ts';
import { BOARD_LEADERS, LEADER_PASSWORD, leaderClient, startRealBoard } from '../support/real-board.ts';
import { editTable, loadBaseSet, makeZip, setCell, type FileSet } from '../fixtures/oneroster/fixture-set.ts';
import { E2E_TIMEOUT, assertWebClientBuilt, checkPage, desktop, launchBrowser, newPage, type TestPage } from './support/browser.ts';

const writeZip = (dir: string, name: string, set: FileSet) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, makeZip([...set].map(([n, data]) => ({ name: n, data }))));
  return file;
};

describe('ORG-2 the privacy officer’s administration page in a real browser (SQLite)', () => {
  let b: TestBalise;
  let browser: Browser;
  let tp: TestPage;
  let dir: string;

  beforeAll(async () => {
    assertWebClientBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-e2e-admin-'));
    // A real board (issue 16 B1: rosters come into a board without the demo), its privacy officer with a password of her own.
    [b, browser] = await Promise.all([startRealBoard('sqlite'), launchBrowser()]);
    await leaderClient(b, 'privacy_officer');
    // The refused roster is a 422 answer the page shows.
    tp = await newPage(browser, desktop, { expectedStatuses: [422] });
  }, E2E_TIMEOUT);
  afterAll(async () => {
    await tp?.context.close().catch(() => undefined);
    await browser?.close();
    await b?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'shows the legal profile, refuses a roster with a bad line (naming it), imports a good one, and verifies the audit log',
    async () => {
      const { page, problems } = tp;
      await page.goto(`${b.url}/connexion`);
      await page.getByLabel('Nom d’utilisateur ou courriel').fill(BOARD_LEADERS.privacy_officer.email);
      await page.getByLabel('Mot de passe', { exact: true }).fill(LEADER_PASSWORD);
      await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
      await page.waitForURL(`${b.url}/`);
      await page.getByRole('link', { name: 'Administration' }).first().click();
      await page.waitForURL(`${b.url}/admin`);
      await page.getByRole('heading', { level: 2, name: /Profil juridique : Québec/ }).waitFor();
      expect(await page.locator('main').textContent()).toMatch(/14/);
      await page.getByText('Fondement : Loi sur l’accès (A-2.1), art. 98 (art. 47 pour les documents)').waitFor();
      await checkPage(page, 'e-admin-1-profil');

      // The file field speaks the page's language, whatever the browser's own control would say.
      const picker = page.getByLabel('Fichiers OneRoster (.zip ou .csv)');
      await page.getByText('Choisir des fichiers', { exact: true }).waitFor();
      await expect.poll(() => picker.evaluate((el) => (el as HTMLInputElement).labels?.length)).toBe(2);
      expect(await page.locator('.file-chosen').textContent()).toBe('Aucun fichier choisi');
      const bad = editTable(loadBaseSet(), 'users.csv', (rows) => setCell(rows, 'st-02', 'role', 'astronaute'));
      // Its button opens the browser's file chooser.
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByText('Choisir des fichiers', { exact: true }).click()]);
      expect(chooser.isMultiple()).toBe(true);
      await chooser.setFiles(writeZip(dir, 'mauvais.zip', bad));
      await page.getByText('Fichier choisi : mauvais.zip', { exact: true }).waitFor();
      // What is chosen is part of the field's description for screen readers.
      const describedBy = (await picker.getAttribute('aria-describedby'))!.split(' ');
      expect(await page.locator(`[id="${describedBy[1]}"]`).textContent()).toBe('Fichier choisi : mauvais.zip');
      await page.getByRole('button', { name: 'Importer', exact: true }).click();
      // The server's message already names the file and the line.
      await page.getByText(/^Ligne 3 de users\.csv : .*astronaute/).waitFor();
      await checkPage(page, 'e-admin-2-import-refuse');

      await page.getByLabel('Fichiers OneRoster (.zip ou .csv)').setInputFiles(writeZip(dir, 'bon.zip', loadBaseSet()));
      await page.getByRole('button', { name: 'Importer', exact: true }).click();
      // B8: while it runs, the page shows the phase and a progress bar assistive technologies read.
      const bar = page.getByRole('progressbar');
      await bar.waitFor();
      const now = Number(await bar.getAttribute('aria-valuenow'));
      expect(now).toBeGreaterThanOrEqual(0);
      expect(now).toBeLessThanOrEqual(100);
      expect(await bar.getAttribute('aria-valuetext')).toMatch(/%/);
      expect(await page.locator('.import-progress').textContent()).toMatch(/Lecture des fichiers|Vérification des lignes|Enregistrement/);
      await page.getByText('Importation réussie.').waitFor();
      expect(await page.getByRole('progressbar').count()).toBe(0);
      const imported = await b.db.kysely.selectFrom('person').select('id').where('source_id', '=', 'st-01').executeTakeFirst();
      expect(imported).toBeDefined();
      await checkPage(page, 'e-admin-3-import-reussi');

      // After an import, and with another format, the field is empty again.
      expect(await page.locator('.file-chosen').textContent()).toBe('Aucun fichier choisi');
      // The plain CSV: one line per student, from the template the page offers.
      await page.getByRole('radio', { name: /Fichier CSV simple/ }).check();
      await page.getByText('Choisir un fichier', { exact: true }).waitFor();
      // Several files dropped on this one-file field are not taken.
      await page.locator('.file-picker').evaluate((box) => {
        const dropped = new DataTransfer();
        for (const name of ['a.csv', 'b.csv']) dropped.items.add(new File(['École'], name, { type: 'text/csv' }));
        box.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
      });
      expect(await page.locator('.file-chosen').textContent()).toBe('Aucun fichier choisi');
      expect(await page.getByLabel('Fichier CSV (.csv)').evaluate((el) => (el as HTMLInputElement).files?.length ?? 0)).toBe(0);
      // A file dropped on the field is chosen as if picked.
      await page.locator('.file-picker').evaluate((box) => {
        const dropped = new DataTransfer();
        dropped.items.add(new File(['École'], 'depose.csv', { type: 'text/csv' }));
        box.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
      });
      await page.getByText('Fichier choisi : depose.csv', { exact: true }).waitFor();
      expect(await page.getByLabel('Fichier CSV (.csv)').evaluate((el) => (el as HTMLInputElement).files?.[0]?.name)).toBe('depose.csv');
      const template = page.getByRole('link', { name: 'Télécharger le modèle CSV à remplir' });
      expect(await template.getAttribute('href')).toBe('/api/admin/imports/csv/template');
      const downloaded = await page.request.get(`${b.url}/api/admin/imports/csv/template`);
      expect(downloaded.status()).toBe(200);
      // ORG-4: Marie Tremblay's link to Léa is restricted; the plain CSV gives both new records.
      const marie = await b.db.kysely.selectFrom('person').select('id').where('source_id', '=', 'gu-01').executeTakeFirstOrThrow();
      await b.db.kysely
        .updateTable('guardian_link')
        .set({ restricted: 1, restricted_reason: 'Ordonnance de la Cour', restricted_at: new Date().toISOString() })
        .where('guardian_id', '=', marie.id)
        .where('student_id', '=', imported!.id)
        .execute();
      const plainFile = path.join(dir, 'eleves.csv');
      fs.writeFileSync(
        plainFile,
        'École,Année scolaire,Groupe,eleve_id,eleve_prenom,eleve_nom,parent1_courriel,parent1_prenom,parent1_nom\n' +
          'École des Pins,2026-2027,5B,P-1001,Alice,Morin,c.morin@exemple.ca,Claire,Morin\n' +
          'École des Pins,2026-2027,5B,1001,Léa,Tremblay,marie.tremblay@courriel.example,Marie,Tremblay\n',
      );
      await page.getByLabel('Fichier CSV (.csv)').setInputFiles(plainFile);
      await page.getByRole('button', { name: 'Importer', exact: true }).click();
      // B2: this file ends every student of the OneRoster import: held, saying so, until confirmed.
      await page.getByRole('heading', { name: 'Importation suspendue : vérifiez avant de confirmer' }).waitFor();
      await page.getByText(/^Élèves : 10 sur 10 ne seraient plus inscrits\. Par exemple : \S+ \S+, /).waitFor();
      expect(await b.db.kysely.selectFrom('person').select('id').where('source_id', '=', 'csv:student:1001').executeTakeFirst()).toBeUndefined();
      await checkPage(page, 'e-admin-3a-import-suspendu');
      await page.getByRole('button', { name: 'Confirmer l’importation' }).click();
      await page.getByText('Importation réussie.').waitFor();
      await page.getByText(/^Une restriction a été reportée sur un nouveau lien parent-élève/).waitFor();
      const newLea = await b.db.kysely.selectFrom('person').select('id').where('source_id', '=', 'csv:student:1001').executeTakeFirstOrThrow();
      const carried = await b.db.kysely.selectFrom('guardian_link').select(['restricted', 'restricted_reason']).where('student_id', '=', newLea.id).executeTakeFirstOrThrow();
      expect(carried).toEqual({ restricted: 1, restricted_reason: 'Ordonnance de la Cour' });
      // Two runs of that file: held, then confirmed.
      await page.getByRole('cell', { name: /CSV simple · web:eleves\.csv/ }).first().waitFor();
      const alice = await b.db.kysely.selectFrom('person').select('status').where('source_id', '=', 'csv:student:P-1001').executeTakeFirstOrThrow();
      expect(alice.status).toBe('active');
      await checkPage(page, 'e-admin-3b-import-csv');

      // B8: the refused import, reopened from the history, shows its errors again.
      // The history is newest first: the held plain CSV, then the refused .zip at the end.
      await page.getByRole('button', { name: /^Voir le détail de l’importation du / }).last().click();
      await page.getByRole('heading', { name: /^Importation du .*\(web:mauvais\.zip\)$/ }).waitFor();
      await page.getByText(/^Ligne 3 de users\.csv : .*astronaute/).waitFor();
      await checkPage(page, 'e-admin-3c-import-rouvert');

      await page.getByRole('button', { name: 'Vérifier l’intégrité du journal d’audit' }).click();
      await page.getByTestId('audit-result').getByText(/Le journal d’audit est intact/).waitFor();
      await checkPage(page, 'e-admin-4-audit');

      // SEC-1 B9: a log can be broken with no broken entry (here its append-only guard is dropped):
      // the page names each problem in the server's words, in the reader's language, not an entry number.
      await sql`drop trigger audit_log_no_delete`.execute(b.db.kysely);
      await page.getByRole('button', { name: 'Vérifier l’intégrité du journal d’audit' }).click();
      const broken = page.getByTestId('audit-result');
      await broken.getByText('Attention : la vérification du journal d’audit a trouvé un problème :').waitFor();
      expect(await broken.getAttribute('role')).toBe('alert');
      expect(await broken.getByRole('listitem').allTextContents()).toEqual([
        'La protection « audit_log_no_delete », qui interdit de modifier ou d’effacer le journal, a été retirée ou désactivée dans la base de données.',
      ]);
      expect(await broken.textContent()).not.toMatch(/entrée n°/);
      await checkPage(page, 'e-admin-5-audit-protection-retiree');
      await page.getByRole('button', { name: 'English' }).click();
      await broken.getByText('Warning: checking the audit log found a problem:').waitFor();
      expect(await broken.getByRole('listitem').allTextContents()).toEqual([
        'The guard “audit_log_no_delete”, which forbids changing or deleting the log, was removed or disabled in the database.',
      ]);
      expect(problems).toEqual([]);
    },
    E2E_TIMEOUT,
  );
});
