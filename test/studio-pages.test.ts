/// <reference lib="dom" />
// Quiver Studio's pages in a real browser (headless Chromium, test/chromium.ts): overview, element
// table, element page with its plot, Lua console, CSV download, time-series files. Screenshots of
// the main pages go to test/artifacts/studio/ (not committed). The DOM types are for the callbacks
// that run in the page.

import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database, LogLevel } from '../lib/index.js';
import { startStudio, type Studio } from '../lib/studio/index.js';
import { launchChromium } from './chromium.js';
import { tmpDir } from './helpers.js';
import { createStudy } from './studio-fixture.js';

const ARTIFACTS = fileURLToPath(new URL('./artifacts/studio/', import.meta.url));
const HOURS = 24 * 14;
const SLOW = { timeout: 60_000 };

let studio: Studio;
let dbFile = '';
let browser: Browser;
let context: BrowserContext;
let page: Page;
let origin = '';
const problems: string[] = [];

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Goes to a hash route of the app and waits for `selector`. */
async function open(hash: string, selector: string): Promise<void> {
  await page.goto(`${origin}/${hash}`);
  await page.waitForSelector(selector);
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dbFile = createStudy(tmpDir('quiver-studio-pages-'), { plants: 120, hours: HOURS, nullPrices: [10] });
  studio = await startStudio({ dbPath: dbFile, consoleLevel: LogLevel.Off });
  origin = `http://127.0.0.1:${studio.port}`;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  // CSP violations and script errors show up here; the pages must have none.
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await studio?.close();
});

describe('Quiver Studio pages', SLOW, () => {
  it('opens the overview from the printed URL, which trades the token for a cookie', async () => {
    await page.goto(studio.url);
    await page.waitForSelector('#describe');
    expect(page.url()).toBe(`${origin}/`);
    const cookies = await context.cookies();
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([[`quiver_studio_${studio.port}`, true, 'Strict']]);
    expect(await page.textContent('#schema-version')).toBe('3');
    const rows = await page.$$eval('table.grid tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)));
    expect(rows).toEqual([
      ['Bus', '2'],
      ['Configuration', '1'],
      ['Plant', '120'],
    ]);
    using db = Database.open(dbFile, { readOnly: true, consoleLevel: LogLevel.Off });
    expect(await page.textContent('#describe')).toBe(db.describe());
    expect(await page.textContent('#study')).toBe('study.dbread-only');
    await screenshot('overview');
  });

  it('pages and sorts the element table', async () => {
    await page.click('a.collection-link:text-is("Plant")');
    await page.waitForSelector('table.elements');
    expect(await page.textContent('#range')).toBe('1–50 of 120');
    await page.click('button[title="Next page"]');
    await page.waitForFunction(() => document.querySelector('#range')?.textContent === '51–100 of 120');
    expect(await page.$eval('table.elements tbody tr', (tr) => tr.getAttribute('data-id'))).toBe('51');
    await page.click('th a:text-is("capacity_mw")');
    await page.waitForSelector('th.sorted a:text-is("capacity_mw ▲")');
    expect(await page.textContent('#range')).toBe('1–50 of 120');
    const capacities = await page.$$eval('table.elements tbody tr td:nth-child(3)', (tds) => tds.map((td) => Number(td.textContent)));
    expect(capacities).toEqual([...capacities].sort((a, b) => a - b));
    // A foreign key shows the bus label and links to it.
    await open('#/c/Plant', 'table.elements');
    expect(await page.$eval('tr[data-id="1"] td:nth-child(6) a', (a) => [a.textContent, a.getAttribute('href')])).toEqual(['Bus 2', '#/c/Bus/2']);
    await screenshot('collection');
  });

  it('downloads a collection and a group as CSV', async () => {
    await open('#/c/Plant', 'table.elements');
    using db = Database.open(dbFile, { readOnly: true, consoleLevel: LogLevel.Off });
    for (const [text, group] of [
      ['scalars', ''],
      ['generation', 'generation'],
    ]) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`.toolbar a.button:text-is("${text}")`)]);
      expect(download.suggestedFilename()).toBe(group ? `Plant_${group}.csv` : 'Plant.csv');
      const expected = path.join(tmpDir(), 'expected.csv');
      db.exportCsv('Plant', group, expected);
      expect(readFileSync((await download.path())!, 'utf8')).toBe(readFileSync(expected, 'utf8'));
    }
  });

  it('shows an element with its groups and plots its time series with every row', async () => {
    await open('#/c/Plant', 'table.elements');
    await page.click('tr[data-id="1"] td:nth-child(2) a');
    const plot = '#time-series-generation .plot[data-ready]';
    await page.waitForSelector(plot);
    expect(await page.textContent('h1')).toBe('Plant 1 Plant #1');
    expect(await page.$$eval('#vector-cost_curve tbody tr', (trs) => trs.map((tr) => tr.textContent))).toEqual(['120031.5', '215036', '310044.25']);
    expect(await page.$$eval('#set-fuels tbody td', (tds) => tds.map((td) => td.textContent))).toEqual(['coal', 'gas']);
    expect(await page.$eval(plot, (el) => ({ ...(el as HTMLElement).dataset }))).toMatchObject({
      points: String(HOURS),
      lines: '2',
      visiblePoints: String(HOURS),
    });
    const legend = await page.$$eval(`${plot} .u-legend .u-label`, (els) => els.map((e) => e.textContent));
    expect(legend).toEqual(['date_time', 'generation_mw', 'spot_price']);
    // The lines are on the canvas: pixels in each line's colour.
    const painted = await page.$eval(`${plot} canvas`, (canvas) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const near = (i: number, rgb: number[]) => Math.abs(data[i]! - rgb[0]!) + Math.abs(data[i + 1]! - rgb[1]!) + Math.abs(data[i + 2]! - rgb[2]!) < 40;
      let blue = 0;
      let red = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (near(i, [0x1f, 0x77, 0xb4])) blue++;
        if (near(i, [0xd6, 0x27, 0x28])) red++;
      }
      return { blue, red };
    });
    expect(painted.blue).toBeGreaterThan(500);
    expect(painted.red).toBeGreaterThan(500);
    await screenshot('element');
  });

  it('zooms by dragging over the plot, and resets', async () => {
    const plot = '#time-series-generation .plot';
    const box = (await page.$(`${plot} .u-over`))!;
    await box.scrollIntoViewIfNeeded();
    const b = (await box.boundingBox())!;
    await page.mouse.move(b.x + b.width * 0.25, b.y + b.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width * 0.5, b.y + b.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction((sel) => Number(document.querySelector<HTMLElement>(sel)!.dataset.visiblePoints) < 200, plot, { timeout: 5000 });
    const visible = Number(await page.$eval(plot, (el) => (el as HTMLElement).dataset.visiblePoints));
    expect(visible).toBeGreaterThan(HOURS * 0.2);
    expect(visible).toBeLessThan(HOURS * 0.3);
    await page.click('#time-series-generation button:text-is("Reset zoom")');
    await page.waitForFunction((sel) => document.querySelector<HTMLElement>(sel)!.dataset.visiblePoints === String(336), plot, { timeout: 5000 });
  });

  it('shows the same rows as a table', async () => {
    await page.click('#time-series-generation button:text-is("Table")');
    const rows = await page.$$eval('#time-series-generation .table-view tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    expect(rows).toHaveLength(100);
    expect(rows[0]).toEqual(['2030-01-01T00:00:00', '300', '50']);
    expect(rows[10]![0]).toBe('2030-01-01T10:00:00');
    expect(rows[10]![2]).toBe('—'); // NULL
    expect(await page.textContent('#time-series-generation .table-view .range')).toBe('1–100 of 336');
    expect(await page.isVisible('#time-series-generation .plot')).toBe(false);
  });

  it('runs a Lua script and shows its JSON result; a write is refused on the read-only study', async () => {
    await open('#/lua', '#lua-script');
    expect(await page.isDisabled('#lua-keep')).toBe(true);
    await page.fill('#lua-script', 'return { plants = db:number_of_elements("Plant"), first = db:read_scalar_strings("Bus", "label")[1] }');
    await page.click('#lua-run');
    await page.waitForSelector('#lua-result');
    expect(JSON.parse((await page.textContent('#lua-result'))!)).toEqual({ first: 'Bus 1', plants: 120 });
    expect(await page.textContent('#lua-status')).toMatch(/^Ran in [\d.]+ ms · dry run: changes discarded$/);
    await screenshot('lua');
    await page.fill('#lua-script', 'return db:create_element("Bus", { label = "Bus 9" })');
    await page.press('#lua-script', 'Control+Enter');
    await page.waitForSelector('#lua-output .error');
    expect(await page.textContent('#lua-output .error')).toContain('restart it with --write');
  });

  it('lists time-series files, and says what is wrong for an unknown collection', async () => {
    await open('#/files', '.card');
    expect(await page.$$eval('.card tbody tr', (trs) => trs.map((tr) => tr.textContent))).toEqual(['generationgeneration.csv', 'inflow—']);
    await open('#/c/Nope', '.error');
    expect(await page.textContent('.error')).toBe("Unknown collection 'Nope'");
    await open('#/c/Plant/999', '.error');
    expect(await page.textContent('.error')).toBe("No element with id 999 in collection 'Plant'");
  });

  it('caused no script error and no CSP violation', () => {
    // Only the two deliberate API failures above may show up, as failed resource loads.
    expect(problems.filter((p) => !p.startsWith('Failed to load resource: the server responded with a status of 4'))).toEqual([]);
  });
});
