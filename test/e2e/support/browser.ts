import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { AxeResults, Result } from 'axe-core';
import { WEB_DIST } from '../../../src/server/app.ts';

/** Debian's Chromium: never a downloaded browser (see notes/stack.md). */
export const CHROMIUM = '/usr/lib/chromium/chromium';
export const SHOTS_DIR = '/tmp/balise-shots';
export const E2E_TIMEOUT = 60_000;

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The browser tests run against the built web client; without it they fail, they do not skip. */
export function assertWebClientBuilt() {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(`The web client is not built (${WEB_DIST}/index.html is missing): run \`npx vite build\` first.`);
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
export const phone: BrowserContextOptions = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught exceptions and Content-Security-Policy violations seen so far. */
  problems: string[];
}

/** Refused API calls (403 on a forbidden page, 401 before sign-in) are expected answers the page handles. */
const EXPECTED_STATUSES: readonly number[] = [401, 403, 404, 410];

/**
 * A fresh context (own cookies) and page. The context keeps the site's CSP in force: the tests
 * also prove the client works under `script-src 'self'` with no inline script. `expectedStatuses`
 * adds refusals that this test provokes on purpose to the ones every page may meet.
 */
export async function newPage(
  browser: Browser,
  options: BrowserContextOptions = desktop,
  { expectedStatuses = [] }: { expectedStatuses?: readonly number[] } = {},
): Promise<TestPage> {
  const expected = new RegExp(`Failed to load resource: the server responded with a status of (${[...EXPECTED_STATUSES, ...expectedStatuses].join('|')})`);
  const context = await browser.newContext({ locale: 'fr-CA', ...options });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (expected.test(text)) return;
    problems.push(`console: ${text}`);
  });
  return { context, page, problems };
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA) on the page and fails on any serious or critical
 * violation, listing them.
 *
 * axe is evaluated through the DevTools protocol (page.evaluate) rather than page.addScriptTag:
 * addScriptTag injects an inline <script>, which Balise's CSP (script-src 'self') rightly blocks,
 * and bypassCSP would switch the policy off for the whole page under test.
 */
export async function expectNoSeriousA11yViolations(page: Page, label = page.url()) {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  const results = (await page.evaluate(() =>
    (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<unknown> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    }),
  )) as AxeResults;
  const serious = results.violations.filter((v: Result) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious
    .map((v) => `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n')}`)
    .join('\n');
  expect(serious, `accessibility violations on ${label}:\n${report}`).toEqual([]);
  return results;
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  const file = path.join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Checks a page at this moment: accessible, screenshotted, and (optionally) not wider than the screen. */
export async function checkPage(page: Page, name: string, opts: { noHorizontalOverflow?: boolean } = {}) {
  await screenshot(page, name);
  await expectNoSeriousA11yViolations(page, name);
  if (opts.noHorizontalOverflow) {
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(widths.scroll, `${name} overflows horizontally: ${widths.scroll}px of content in a ${widths.inner}px window`).toBeLessThanOrEqual(widths.inner);
  }
}
