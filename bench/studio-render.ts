// `npm run bench:studio`: how long Quiver Studio takes to show a 1M-row time series (two columns,
// so two million points) in headless Chromium. Reported, never asserted; the target is a plot on
// screen in under a second once the data is in the browser.
//
// Per run, from the page's own performance measures: fetch = request → decoded float64 columns
// (server read + encoding + transfer), render = uPlot built → first frame drawn, total = page
// navigation → plot drawn. Also the series request alone, timed from Node. Median of --runs (5).
// Needs Debian's chromium (test/chromium.ts); --rows N changes the size.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LogLevel } from '../lib/index.js';
import { startStudio } from '../lib/studio/index.js';
import { launchChromium } from '../test/chromium.js';
import { createStudy, http } from '../test/studio-fixture.js';

const { values: opts } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' } } });
const rows = Number(opts.rows);
const runs = Number(opts.runs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = mkdtempSync(path.join(tmpdir(), 'quiver-studio-bench-'));
try {
  let t = performance.now();
  const dbPath = createStudy(dir, { plants: 1, hours: rows });
  console.log(`study with ${rows.toLocaleString('en-US')} rows x 2 columns created in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const studio = await startStudio({ dbPath, consoleLevel: LogLevel.Off });
  const origin = `http://127.0.0.1:${studio.port}`;

  const request: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    const r = await http(`${origin}/api/collections/Plant/elements/1/time-series/generation?token=${studio.token}`);
    request.push(performance.now() - t);
    if (r.status !== 200) throw new Error(`series request failed: ${r.status}`);
    if (i === 0) console.log(`series reply: ${(r.body.length / 1e6).toFixed(1)} MB`);
  }

  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(studio.url);
    await page.waitForSelector('#describe');
    const fetches: number[] = [];
    const renders: number[] = [];
    const totals: number[] = [];
    for (let i = 0; i < runs; i++) {
      await page.goto('about:blank');
      await page.goto(`${origin}/#/c/Plant/1`);
      await page.waitForSelector('.plot[data-ready]', { timeout: 120_000 });
      // No helper functions inside: tsx would wrap them in a __name() call the page does not have.
      const m = await page.evaluate(() => {
        const render = performance.getEntriesByName('studio:generation:render', 'measure')[0]!;
        const fetched = performance.getEntriesByName('studio:generation:fetch', 'measure')[0]!;
        return { fetch: fetched.duration, render: render.duration, total: render.startTime + render.duration };
      });
      const points = await page.$eval('.plot', (el) => Number(el.getAttribute('data-points')) * Number(el.getAttribute('data-lines')));
      if (points !== rows * 2) throw new Error(`plot has ${points} points, expected ${rows * 2}`);
      fetches.push(m.fetch);
      renders.push(m.render);
      totals.push(m.total);
    }
    const row = (name: string, xs: number[]) => console.log(`${name.padEnd(44)} ${median(xs).toFixed(0).padStart(7)} ms   (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(`median of ${runs} runs, Chromium ${browser.version()}`);
    row('series request from Node (read + encode)', request);
    row('browser: fetch + decode', fetches);
    row('browser: render (uPlot build + first draw)', renders);
    row('browser: page navigation -> plot drawn', totals);
    console.log(`render target < 1000 ms: ${median(renders) < 1000 ? 'met' : 'MISSED'}`);
  } finally {
    await browser.close();
    await studio.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
