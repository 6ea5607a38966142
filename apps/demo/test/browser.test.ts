import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patternBytes, startTestDemo, type TestDemo } from './support/test-demo.js';

/** Debian's Chromium; playwright-core never downloads a browser. */
const CHROMIUM = '/usr/bin/chromium';

/** Flags for a headless Chromium as root on a closed network (toolchain.md). */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const hasChromium = existsSync(CHROMIUM);

let t: TestDemo;
let profile: string;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  if (!hasChromium) return;
  t = await startTestDemo();
  profile = await mkdtemp(join(tmpdir(), 'pd-demo-chromium-'));
  // A persistent context is how a fresh --user-data-dir is given to Chromium under Playwright.
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    acceptDownloads: true,
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(30_000);
}, 60_000);

afterAll(async () => {
  if (!hasChromium) return;
  await browser?.close();
  await t?.close();
  await rm(profile, { recursive: true, force: true });
});

const row = (name: string) => page.locator(`#rows tr[data-name="${name}"]`);

describe('the demo page in Chromium', () => {
  it.skipIf(!hasChromium)(
    'connects emulated OneDrive on its consent page, uploads, downloads and moves a file to the local folder',
    async () => {
      await page.goto(t.url);
      await page.getByRole('link', { name: 'Connect OneDrive' }).click();
      await page.getByRole('heading', { name: 'Microsoft sign-in (emulated)' }).waitFor();
      await page.getByRole('button', { name: 'Accept' }).click();
      await page.waitForURL(`${t.url}/#/onedrive/`);
      await page.locator('.connection.state-connected', { hasText: 'OneDrive' }).waitFor();
      await row('Welcome.txt').waitFor();

      const bytes = Buffer.from(patternBytes(150_000));
      await page.setInputFiles('#file-input', {
        name: 'report.bin',
        mimeType: 'application/octet-stream',
        buffer: bytes,
      });
      await page
        .locator('#uploads li[data-name="report.bin"] .upload-status', { hasText: 'done' })
        .waitFor();
      const size = row('report.bin').locator('td.size');
      await size.waitFor();
      expect(await size.getAttribute('data-bytes')).toBe('150000');
      expect(await size.textContent()).toBe('146 KiB');
      expect(await page.locator('#uploads progress').first().getAttribute('value')).toBe('100');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download report.bin' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('report.bin');
      expect(Buffer.compare(await readFile(await download.path()), bytes)).toBe(0);

      await page.getByRole('button', { name: 'Copy or move report.bin' }).click();
      await page.getByLabel('To connection').selectOption('local');
      await page.getByLabel('Move (remove it here)').check();
      await page.getByRole('button', { name: 'Start' }).click();
      await page.getByText('Moved “report.bin” to Local folder /report.bin.').waitFor();
      await row('report.bin').waitFor({ state: 'detached' });
      expect(Buffer.compare(await readFile(join(t.dataDir, 'report.bin')), bytes)).toBe(0);

      await page.getByRole('link', { name: 'Open Local folder' }).click();
      await page.waitForURL(`${t.url}/#/local/`);
      await row('report.bin').locator('td.size[data-bytes="150000"]').waitFor();
    },
    120_000,
  );

  it.skipIf(!hasChromium)(
    'connects emulated Google Drive and Dropbox on their consent pages and copies between them',
    async () => {
      for (const [id, label] of [
        ['gdrive', 'Google Drive'],
        ['dropbox', 'Dropbox'],
      ] as const) {
        await page.goto(t.url);
        await page.getByRole('link', { name: `Connect ${label}` }).click();
        await page.getByRole('button', { name: 'Allow' }).click();
        await page.waitForURL(`${t.url}/#/${id}/`);
        await page.locator('.connection.state-connected', { hasText: label }).waitFor();
        await row('Welcome.txt').waitFor();
      }
      await page.goto(`${t.url}/#/gdrive/`);
      await page.getByRole('button', { name: 'Copy or move Welcome.txt' }).click();
      await page.getByLabel('To connection').selectOption('dropbox');
      await page.getByLabel('Into folder').fill('/Documents');
      await page.getByRole('button', { name: 'Start' }).click();
      await page.getByText('Copied “Welcome.txt” to Dropbox /Documents/Welcome.txt.').waitFor();
      await page.getByRole('link', { name: 'Open Dropbox' }).click();
      await page.waitForURL(`${t.url}/#/dropbox/Documents`);
      await row('Welcome.txt').waitFor();
      expect(await page.locator('#breadcrumbs').innerText()).toMatch(/^Dropbox\s+Documents$/);
    },
    120_000,
  );

  it.skipIf(!hasChromium)(
    'uploads by drag and drop, renames, and deletes after confirmation, from the keyboard',
    async () => {
      await page.goto(`${t.url}/#/local/`);
      await page.locator('#listing').waitFor();
      // The page's own DOM, so written as a string: the tests compile without DOM types.
      await page.evaluate(`(() => {
        const data = new DataTransfer();
        data.items.add(new File(['dropped text'], 'dropped.txt', { type: 'text/plain' }));
        const drop = new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true });
        document.getElementById('drop-zone').dispatchEvent(drop);
      })()`);
      await row('dropped.txt').locator('td.size[data-bytes="12"]').waitFor();

      await page.getByRole('button', { name: 'Rename dropped.txt' }).focus();
      await page.keyboard.press('Enter');
      await page.getByLabel('New name').fill('notes.txt');
      await page.keyboard.press('Enter');
      await row('notes.txt').waitFor();
      expect(await readFile(join(t.dataDir, 'notes.txt'), 'utf8')).toBe('dropped text');

      await page.getByRole('button', { name: 'Delete notes.txt' }).focus();
      await page.keyboard.press('Enter');
      await page.getByText('Delete “notes.txt” for good? This cannot be undone.').waitFor();
      await page.keyboard.press('Escape');
      expect(await row('notes.txt').count()).toBe(1);
      await page.getByRole('button', { name: 'Delete notes.txt' }).click();
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await row('notes.txt').waitFor({ state: 'detached' });
      expect(existsSync(join(t.dataDir, 'notes.txt'))).toBe(false);

      await page.getByRole('button', { name: 'Size' }).click();
      expect(await page.locator('th[data-sort="size"]').getAttribute('aria-sort')).toBe(
        'ascending',
      );
      await page.getByRole('button', { name: 'Size' }).click();
      expect(await page.locator('th[data-sort="size"]').getAttribute('aria-sort')).toBe(
        'descending',
      );
    },
    60_000,
  );
});
