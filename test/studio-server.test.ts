// Quiver Studio's HTTP server (lib/studio), through real HTTP requests on 127.0.0.1: the token,
// origin and read-only rules, every API route with its 4xx replies, and what the routes return.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database, liveAllocations, LogLevel } from '../lib/index.js';
import type { ElementPage } from '../lib/studio/element-table.js';
import type { ElementDetail } from '../lib/studio/element-detail.js';
import { startStudio, type Studio } from '../lib/studio/index.js';
import type { CollectionInfo, FilesReply, Overview } from '../lib/studio/routes.js';
import { parseDateTime, type SeriesHeader } from '../lib/studio/series.js';
import { tmpDir } from './helpers.js';
import { createStudy, generationAt, hourly, http, priceAt, type Reply } from './studio-fixture.js';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let dir = '';
let dbFile = '';
let studio: Studio;
let base = '';
let auth: Record<string, string> = {};

/** GET (or another method) with the token cookie. */
function api(pathname: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return http(base + pathname, { ...options, headers: { ...auth, ...options.headers } });
}

function lua(script: string, keep?: boolean, target = { base, auth }): Promise<Reply> {
  return http(`${target.base}/api/lua`, {
    method: 'POST',
    headers: { ...target.auth, 'Content-Type': 'application/json' },
    body: JSON.stringify(keep === undefined ? { script } : { script, keep }),
  });
}

function decodeSeries(body: Buffer): { header: SeriesHeader; blocks: Float64Array[] } {
  const length = body.readUInt32LE(0);
  const header = JSON.parse(body.subarray(4, 4 + length).toString('utf8')) as SeriesHeader;
  const start = Math.ceil((4 + length) / 8) * 8;
  const values = new Float64Array(body.buffer.slice(body.byteOffset + start, body.byteOffset + body.length));
  const blocks: Float64Array[] = [];
  for (let k = 0; k * header.rows < values.length; k++) blocks.push(values.subarray(k * header.rows, (k + 1) * header.rows));
  return { header, blocks };
}

beforeAll(async () => {
  dir = tmpDir('quiver-studio-');
  dbFile = createStudy(dir, { plants: 30, hours: 48, nullPrices: [5] });
  studio = await startStudio({ dbPath: dbFile, consoleLevel: LogLevel.Off });
  base = `http://127.0.0.1:${studio.port}`;
  auth = { Cookie: `quiver_studio_${studio.port}=${studio.token}` };
});

afterAll(async () => {
  await studio.close();
  expect(liveAllocations()).toBe(0);
});

describe('studio access rules', () => {
  it('listens on 127.0.0.1 only and prints a URL holding a 256-bit token', () => {
    expect(studio.url).toBe(`http://127.0.0.1:${studio.port}/?token=${studio.token}`);
    expect(studio.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(studio.writable).toBe(false);
  });

  it('refuses every request without the token, or with a wrong one (401)', async () => {
    for (const p of ['/', '/assets/app.js', '/api/overview', '/api/collections/Plant/elements', '/api/collections/Plant/csv']) {
      const r = await http(base + p);
      expect(r.status, p).toBe(401);
      expect(r.json().error).toMatch(/Missing or wrong token/);
    }
    expect((await http(`${base}/api/overview?token=${studio.token.slice(1)}x`)).status).toBe(401);
    expect((await http(`${base}/api/overview`, { headers: { Cookie: `quiver_studio_${studio.port}=nope` } })).status).toBe(401);
    // A cookie of another studio (another port) does not count.
    expect((await http(`${base}/api/overview`, { headers: { Cookie: `quiver_studio_1=${studio.token}` } })).status).toBe(401);
    expect((await lua('return 1', undefined, { base, auth: {} })).status).toBe(401);
  });

  it('trades the URL token for an HttpOnly SameSite=Strict cookie and drops it from the address bar', async () => {
    const r = await http(studio.url);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    expect(r.headers['set-cookie']).toEqual([`quiver_studio_${studio.port}=${studio.token}; HttpOnly; SameSite=Strict; Path=/`]);
    const page = await api('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body.toString()).toContain('<script type="module" src="/assets/app.js">');
    // The token also works as a query parameter on API routes (scripts, curl).
    expect((await http(`${base}/api/overview?token=${studio.token}`)).status).toBe(200);
  });

  it('serves the bundled app (uPlot inside, no CDN) with a strict CSP and no CORS headers', async () => {
    const js = await api('/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body.toString()).toMatch(/^\/\*! Quiver Studio\. Bundles uPlot .*\nThe MIT License \(MIT\)\n\nCopyright \(c\) \d+ Leon Sorokin/);
    expect(js.body.toString()).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr)/);
    const css = await api('/assets/app.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body.toString()).toContain('.uplot');
    for (const r of [js, css, await api('/api/overview')]) {
      expect(r.headers['content-security-policy']).toContain("default-src 'none'; script-src 'self'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
    // A CORS preflight gets no permission.
    const preflight = await api('/api/lua', { method: 'OPTIONS', headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect((await api('/nothing-here')).status).toBe(404);
  });

  it('refuses other Host headers (DNS rebinding) and requests made by other sites', async () => {
    const rebinding = await api('/api/overview', { headers: { Host: `evil.example:${studio.port}` } });
    expect(rebinding.status).toBe(403);
    expect(rebinding.json().error).toBe(`Unexpected Host header 'evil.example:${studio.port}'`);
    expect((await api('/api/overview', { headers: { Host: `localhost:${studio.port}` } })).status).toBe(200);
    const cross = await api('/api/overview', { headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'cors' } });
    expect(cross.status).toBe(403);
    expect(cross.json().error).toBe('Requests from other sites are refused');
    const origin = await http(`${base}/api/lua`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json', Origin: 'http://127.0.0.1:1' },
      body: '{"script":"return 1"}',
    });
    expect(origin.status).toBe(403);
    expect(origin.json().error).toBe("Requests from origin 'http://127.0.0.1:1' are refused");
    // Same origin is fine.
    expect((await api('/api/overview', { headers: { Origin: base, 'Sec-Fetch-Site': 'same-origin' } })).status).toBe(200);
  });

  it('answers unknown routes with 404 and wrong methods with 405', async () => {
    const unknown = await api('/api/nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.json().error).toBe('No such API route: /api/nothing');
    const post = await api('/api/overview', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.json().error).toBe('Method POST is not allowed on /api/overview (allowed: GET)');
    expect((await api('/api/lua')).status).toBe(405);
    expect((await api('/', { method: 'DELETE' })).status).toBe(405);
    const bad = await api('/api/collections/%E0%A4%A/elements');
    expect(bad.status).toBe(400);
    expect(bad.json().error).toMatch(/Malformed percent-encoding/);
  });
});

describe('studio overview and collections', () => {
  it('overview: file, schema version, collections with element counts and groups, describe()', async () => {
    const r = await api('/api/overview');
    expect(r.status).toBe(200);
    const o = r.json<Overview>();
    expect(o.path).toBe(dbFile);
    expect(o.file).toBe('study.db');
    expect(o.schemaVersion).toBe(3);
    expect(o.writable).toBe(false);
    expect(o.collections).toEqual([
      { name: 'Bus', elements: 2, scalars: 3, vectors: [], sets: [], timeSeries: [], files: false },
      { name: 'Configuration', elements: 1, scalars: 2, vectors: [], sets: [], timeSeries: [], files: false },
      { name: 'Plant', elements: 30, scalars: 6, vectors: ['cost_curve'], sets: ['fuels'], timeSeries: ['generation'], files: true },
    ]);
    using db = Database.open(dbFile, { readOnly: true, consoleLevel: LogLevel.Off });
    expect(o.describe).toBe(db.describe());
  });

  it('collection schema: scalars with types and references, groups', async () => {
    const info = (await api('/api/collections/Plant')).json<CollectionInfo>();
    expect(info.elements).toBe(30);
    expect(info.scalars.map((s) => [s.name, s.type, s.references])).toEqual([
      ['id', 'integer', null],
      ['label', 'string', null],
      ['capacity_mw', 'float', null],
      ['units', 'integer', null],
      ['date_commissioned', 'date_time', null],
      ['bus_id', 'integer', 'Bus'],
    ]);
    expect(info.groups.map((g) => [g.kind, g.name, g.dimension, g.columns.map((c) => c.name)])).toEqual([
      ['vector', 'cost_curve', null, ['segment_mw', 'cost_per_mwh']],
      ['set', 'fuels', null, ['fuel']],
      ['time_series', 'generation', 'date_time', ['generation_mw', 'spot_price']],
    ]);
    expect(info.filesColumns).toEqual(['generation', 'inflow']);
  });

  it('element table: a page of rows with foreign keys as { id, label }', async () => {
    const page = (await api('/api/collections/Plant/elements?limit=3')).json<ElementPage>();
    expect(page).toMatchObject({ offset: 0, limit: 3, sort: 'id', order: 'asc', filter: '', total: 30 });
    expect(page.columns.map((c) => c.name)).toEqual(['id', 'label', 'capacity_mw', 'units', 'date_commissioned', 'bus_id']);
    expect(page.columns[5]).toEqual({ name: 'bus_id', type: 'integer', references: 'Bus' });
    expect(page.rows).toEqual([
      [1, 'Plant 1', 137, 1, '2001-05-01T00:00:00', { id: 2, label: 'Bus 2' }],
      [2, 'Plant 2', 174, 2, '2002-05-01T00:00:00', { id: 1, label: 'Bus 1' }],
      [3, 'Plant 3', 211, 3, '2003-05-01T00:00:00', { id: 2, label: 'Bus 2' }],
    ]);
    const seventh = (await api('/api/collections/Plant/elements?offset=6&limit=1')).json<ElementPage>();
    expect(seventh.rows[0]![5]).toBeNull();
  });

  it('element table: sorts in SQLite (foreign keys by label, ties by id) and filters on the label', async () => {
    const byCapacity = (await api('/api/collections/Plant/elements?sort=capacity_mw&order=desc&limit=30')).json<ElementPage>();
    const capacities = byCapacity.rows.map((r) => r[2] as number);
    expect(capacities).toEqual([...capacities].sort((a, b) => b - a));
    const byBus = (await api('/api/collections/Plant/elements?sort=bus_id&limit=30')).json<ElementPage>();
    const buses = byBus.rows.map((r) => (r[5] as { label: string } | null)?.label ?? null);
    // NULL first, then Bus 1, then Bus 2; within a bus by id.
    expect(buses.slice(0, 4)).toEqual([null, null, null, null]);
    expect(buses.slice(4)).toEqual([...buses.slice(4)].sort());
    const bus1 = byBus.rows.filter((r) => (r[5] as { label: string } | null)?.label === 'Bus 1').map((r) => r[0] as number);
    expect(bus1).toEqual([...bus1].sort((a, b) => a - b));
    const filtered = (await api('/api/collections/Plant/elements?filter=Plant%202')).json<ElementPage>();
    expect(filtered.total).toBe(11); // Plant 2, Plant 20…29
    expect(filtered.rows.map((r) => r[1])).toContain('Plant 29');
    // LIKE wildcards in the filter are plain text.
    expect((await api('/api/collections/Plant/elements?filter=%25')).json<ElementPage>().total).toBe(0);
    expect((await api('/api/collections/Plant/elements?filter=_')).json<ElementPage>().total).toBe(0);
  });

  it('element table: bad collection, sort, order, offset or limit → 4xx naming the problem', async () => {
    const cases: [string, number, string][] = [
      ['/api/collections/Nope/elements', 404, "Unknown collection 'Nope'"],
      ['/api/collections/Plant_vector_cost_curve/elements', 404, "Unknown collection 'Plant_vector_cost_curve'"],
      ['/api/collections/Plant%3B%20DROP%20TABLE%20Plant/elements', 404, "Unknown collection 'Plant; DROP TABLE Plant'"],
      [
        '/api/collections/Plant/elements?sort=nope',
        400,
        "Unknown sort column 'nope' in collection 'Plant': expected one of id, label, capacity_mw, units, date_commissioned, bus_id",
      ],
      ['/api/collections/Plant/elements?sort=label%20DESC%3B', 400, "Unknown sort column 'label DESC;' in collection 'Plant'"],
      ['/api/collections/Plant/elements?order=up', 400, "Invalid order 'up': expected asc or desc"],
      ['/api/collections/Plant/elements?offset=-1', 400, "Invalid offset '-1': expected a whole number from 0"],
      ['/api/collections/Plant/elements?limit=0', 400, "Invalid limit '0': expected a whole number from 1 to 1000"],
      ['/api/collections/Plant/elements?limit=1001', 400, "Invalid limit '1001'"],
      ['/api/collections/Plant/elements?limit=abc', 400, "Invalid limit 'abc'"],
      ['/api/collections/Nope', 404, "Unknown collection 'Nope'"],
    ];
    for (const [url, status, message] of cases) {
      const r = await api(url);
      expect(r.status, url).toBe(status);
      expect(r.json().error, url).toContain(message);
    }
  });

  it('time-series files: the stored path per column', async () => {
    const r = (await api('/api/files')).json<FilesReply>();
    expect(r).toEqual({ collections: [{ name: 'Plant', files: { generation: 'generation.csv', inflow: null } }] });
  });
});

describe('studio elements', () => {
  it('element page: scalars with the foreign key label, vector and set rows, time-series sizes', async () => {
    const e = (await api('/api/collections/Plant/elements/1')).json<ElementDetail>();
    expect(e.collection).toBe('Plant');
    expect(e.label).toBe('Plant 1');
    expect(e.scalars.map((s) => [s.name, s.value])).toEqual([
      ['id', 1],
      ['label', 'Plant 1'],
      ['capacity_mw', 137],
      ['units', 1],
      ['date_commissioned', '2001-05-01T00:00:00'],
      ['bus_id', { id: 2, label: 'Bus 2' }],
    ]);
    expect(e.scalars[5]!.references).toBe('Bus');
    expect(e.vectors).toEqual([
      {
        group: 'cost_curve',
        columns: [
          { name: 'segment_mw', type: 'float' },
          { name: 'cost_per_mwh', type: 'float' },
        ],
        rows: [
          [200, 31.5],
          [150, 36],
          [100, 44.25],
        ],
      },
    ]);
    expect(e.sets).toEqual([{ group: 'fuels', columns: [{ name: 'fuel', type: 'string' }], rows: [['coal'], ['gas']] }]);
    expect(e.timeSeries).toEqual([
      {
        group: 'generation',
        dimension: 'date_time',
        columns: [
          { name: 'generation_mw', type: 'float', key: false },
          { name: 'spot_price', type: 'float', key: false },
        ],
        rows: 48,
      },
    ]);
    const empty = (await api('/api/collections/Plant/elements/2')).json<ElementDetail>();
    expect(empty.vectors[0]!.rows).toEqual([]);
    expect(empty.timeSeries[0]!.rows).toBe(0);
  });

  it('bad or missing element ids → 400 / 404', async () => {
    const cases: [string, number, string][] = [
      ['/api/collections/Plant/elements/abc', 400, "Invalid element id 'abc': expected an integer"],
      ['/api/collections/Plant/elements/1.5', 400, "Invalid element id '1.5': expected an integer"],
      ['/api/collections/Plant/elements/99999999999999999999', 400, "Invalid element id '99999999999999999999': expected an integer"],
      ['/api/collections/Plant/elements/999', 404, "No element with id 999 in collection 'Plant'"],
      ['/api/collections/Nope/elements/1', 404, "Unknown collection 'Nope'"],
      ['/api/collections/Plant/elements/999/time-series/generation', 404, "No element with id 999 in collection 'Plant'"],
      ['/api/collections/Plant/elements/1/time-series/nope', 404, "Unknown time-series group 'nope' in collection 'Plant'"],
      ['/api/collections/Plant/elements/1/time-series/cost_curve', 404, "Unknown time-series group 'cost_curve' in collection 'Plant'"],
    ];
    for (const [url, status, message] of cases) {
      const r = await api(url);
      expect(r.status, url).toBe(status);
      expect(r.json().error, url).toBe(message);
    }
  });

  it('a time series travels as float64 blocks: x in seconds since 1970 UTC, NULL as NaN', async () => {
    const r = await api('/api/collections/Plant/elements/1/time-series/generation');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/octet-stream');
    const { header, blocks } = decodeSeries(r.body);
    expect(header).toEqual({
      group: 'generation',
      dimension: 'date_time',
      rows: 48,
      x: 'time',
      columns: [
        { name: 'generation_mw', type: 'float', key: false, encoding: 'f64', nulls: false },
        { name: 'spot_price', type: 'float', key: false, encoding: 'f64', nulls: true },
      ],
      text: {},
    });
    expect(blocks).toHaveLength(3);
    const [x, generation, price] = blocks;
    expect(Array.from(x!)).toEqual(hourly(48).map((d) => Date.parse(`${d}Z`) / 1000));
    expect(Array.from(generation!)).toEqual(Array.from({ length: 48 }, (_, h) => generationAt(h)));
    expect(Number.isNaN(price![5])).toBe(true);
    expect(price![6]).toBe(priceAt(6));
    const empty = decodeSeries((await api('/api/collections/Plant/elements/2/time-series/generation')).body);
    expect(empty.header.rows).toBe(0);
  });

  it('parseDateTime reads stored date-times like Date.parse in UTC', () => {
    for (const s of ['1970-01-01T00:00:00', '2030-01-01T23:59:59', '1900-02-28T12:00:00', '2024-02-29T06:30:15', '2400-12-31T00:00:01', '2030-06-15', '2030-06-15 01:02:03']) {
      expect(parseDateTime(s), s).toBe(Date.parse(`${s.replace(' ', 'T')}${s.length === 10 ? 'T00:00:00' : ''}Z`) / 1000);
    }
    expect(parseDateTime('2030-01-01T00:00:00.500Z')).toBe(Date.UTC(2030, 0, 1) / 1000 + 0.5);
    expect(parseDateTime('2030-01-01T02:00:00+02:00')).toBe(Date.UTC(2030, 0, 1) / 1000);
    expect(parseDateTime('2030-01-01T00:00')).toBe(Date.UTC(2030, 0, 1) / 1000);
    expect(parseDateTime('hour 1')).toBeNaN();
    expect(parseDateTime('20x0-01-01T00:00:00')).toBeNaN();
  });
});

describe('studio CSV downloads', () => {
  it('exports the scalars or a group as an attachment, equal to exportCsv, and leaves no file behind', async () => {
    using db = Database.open(dbFile, { readOnly: true, consoleLevel: LogLevel.Off });
    for (const group of ['', 'cost_curve', 'fuels', 'generation']) {
      const r = await api(`/api/collections/Plant/csv?group=${group}`);
      expect(r.status, group).toBe(200);
      expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(r.headers['content-disposition']).toBe(`attachment; filename="${group ? `Plant_${group}` : 'Plant'}.csv"`);
      const expected = path.join(tmpDir(), 'expected.csv');
      db.exportCsv('Plant', group, expected);
      expect(r.body.toString('utf8')).toBe(readFileSync(expected, 'utf8'));
    }
    expect((await api('/api/collections/Plant/csv')).body.toString()).toMatch(/^sep=,\nlabel,capacity_mw,/);
    const studioTmp = readdirSync(path.dirname(dir)).filter((d) => d.startsWith('quiver-studio-') && existsSync(path.join(path.dirname(dir), d, 'export-1.csv')));
    expect(studioTmp).toEqual([]);
  });

  it('unknown collection or group → 404', async () => {
    const group = await api('/api/collections/Plant/csv?group=nope');
    expect(group.status).toBe(404);
    expect(group.json().error).toBe("Unknown group 'nope' in collection 'Plant'");
    const collection = await api('/api/collections/Nope/csv');
    expect(collection.status).toBe(404);
    expect(collection.json().error).toBe("Unknown collection 'Nope'");
  });
});

describe('studio Lua console (read-only study)', () => {
  it('runs a script and returns its value as JSON text, in a dry run', async () => {
    const r = await lua('return { n = db:number_of_elements("Plant"), big = math.maxinteger, labels = db:read_scalar_strings("Bus", "label") }');
    expect(r.status).toBe(200);
    const reply = r.json<{ json: string; kept: boolean; ms: number }>();
    expect(reply.json).toBe('{"big":9223372036854775807,"labels":["Bus 1","Bus 2"],"n":30}');
    expect(reply.kept).toBe(false);
    expect(reply.ms).toBeGreaterThanOrEqual(0);
    expect((await lua('local x = 1')).json().json).toBe('');
  });

  it('a write fails on the read-only study and says how to allow it; the file is unchanged', async () => {
    const before = sha(dbFile);
    const r = await lua('return db:create_element("Bus", { label = "Bus 3" })');
    expect(r.status).toBe(400);
    expect(r.json().error).toBe(
      'Failed to run Lua script: Failed to execute statement: attempt to write a readonly database\n' +
        'Quiver Studio opened the study read-only: restart it with --write to change it.',
    );
    const keep = await lua('return 1', true);
    expect(keep.status).toBe(403);
    expect(keep.json().error).toBe('Changes cannot be kept. Quiver Studio opened the study read-only: restart it with --write to change it.');
    expect(sha(dbFile)).toBe(before);
  });

  it('Lua errors, bad bodies and oversized scripts → 4xx with the reason', async () => {
    const err = await lua('error("boom")');
    expect(err.status).toBe(400);
    expect(err.json().error).toMatch(/^Failed to run Lua script: .*boom/);
    const post = (body: string, type = 'application/json') =>
      http(`${base}/api/lua`, { method: 'POST', headers: { ...auth, 'Content-Type': type }, body });
    const cases: [Promise<Reply>, number, string][] = [
      [post('{"script":"return 1"}', 'text/plain'), 415, 'Expected a request body of type application/json'],
      [post('{not json'), 400, 'Request body is not valid JSON'],
      [post('[1]'), 400, 'Expected a JSON object { "script": "...", "keep": false }'],
      [post('{"script":42}'), 400, "Field 'script' must be a string of Lua source"],
      [post('{"script":"return 1","keep":"yes"}'), 400, "Field 'keep' must be true or false"],
      [post(JSON.stringify({ script: `return "${'x'.repeat(1 << 20)}"` })), 413, 'Request body larger than 1048576 bytes'],
    ];
    for (const [reply, status, message] of cases) {
      const r = await reply;
      expect(r.status, message).toBe(status);
      expect(r.json().error).toBe(message);
    }
  });
});

describe('studio with --write', () => {
  let writable: Studio;
  let target = { base: '', auth: {} as Record<string, string> };
  let file = '';

  beforeAll(async () => {
    file = createStudy(tmpDir('quiver-studio-write-'), { plants: 2, hours: 0 });
    writable = await startStudio({ dbPath: file, write: true, consoleLevel: LogLevel.Off });
    target = { base: `http://127.0.0.1:${writable.port}`, auth: { Cookie: `quiver_studio_${writable.port}=${writable.token}` } };
  });
  afterAll(() => writable.close());

  const count = async () => Number((await lua('return db:number_of_elements("Bus")', false, target)).json().json);

  it('keeps a script\'s changes only when asked', async () => {
    expect(writable.writable).toBe(true);
    const overview = await http(`${target.base}/api/overview`, { headers: target.auth });
    expect(overview.json<Overview>().writable).toBe(true);
    const add = 'return db:create_element("Bus", { label = "Bus " .. (db:number_of_elements("Bus") + 1) })';
    const dry = await lua(add, false, target);
    expect(dry.json()).toMatchObject({ json: '3', kept: false });
    expect(await count()).toBe(2);
    const kept = await lua(add, true, target);
    expect(kept.json()).toMatchObject({ json: '3', kept: true });
    expect(await count()).toBe(3);
    using db = Database.open(file, { readOnly: true, consoleLevel: LogLevel.Off });
    expect(db.readScalarStrings('Bus', 'label')).toEqual(['Bus 1', 'Bus 2', 'Bus 3']);
  });

  it('a failing script keeps what it did before the error, as quiver run does; db:transaction makes it all or nothing', async () => {
    const labels = async () => JSON.parse((await lua('return db:read_scalar_strings("Bus", "label")', false, target)).json().json as string) as string[];
    const failing = await lua('db:create_element("Bus", { label = "Bus X" }); error("stop")', true, target);
    expect(failing.status).toBe(400);
    expect(failing.json().error).toMatch(/stop/);
    expect(await labels()).toContain('Bus X');
    const atomic = await lua('db:transaction(function(db) db:create_element("Bus", { label = "Bus Z" }); error("stop") end)', true, target);
    expect(atomic.status).toBe(400);
    expect(await labels()).not.toContain('Bus Z');
  });

  it('a transaction a script leaves open is rolled back', async () => {
    const open = await lua('db:begin_transaction(); db:create_element("Bus", { label = "Bus Y" }); return 1', true, target);
    expect(open.status).toBe(200);
    expect((await lua('return db:in_transaction()', true, target)).json().json).toBe('false');
    expect((await lua('return db:read_scalar_strings("Bus", "label")', true, target)).json().json).not.toContain('Bus Y');
  });
});

describe('studio element table on 100k elements', () => {
  let big: Studio;
  let url = '';
  beforeAll(async () => {
    big = await startStudio({ dbPath: createStudy(tmpDir('quiver-studio-big-'), { plants: 100_000, hours: 0 }), consoleLevel: LogLevel.Off });
    url = `http://127.0.0.1:${big.port}/api/collections/Plant/elements?token=${big.token}`;
  }, 120_000);
  afterAll(() => big.close());

  it('pages, sorts and filters in SQLite: each reply holds one page only', async () => {
    const last = await http(`${url}&offset=99990&limit=10`);
    const page = last.json<ElementPage>();
    expect(page.total).toBe(100_000);
    expect(page.rows.map((r) => r[0])).toEqual(Array.from({ length: 10 }, (_, i) => 99_991 + i));
    expect(last.body.length).toBeLessThan(4000);
    const top = (await http(`${url}&sort=capacity_mw&order=desc&limit=5`)).json<ElementPage>();
    // capacity = 100 + (p * 37) % 500: the largest, 599, first reached at p = 27, then every 500 plants.
    expect(top.rows.map((r) => [r[0], r[2]])).toEqual([
      [99527, 599],
      [99027, 599],
      [98527, 599],
      [98027, 599],
      [97527, 599],
    ]);
    const byBus = (await http(`${url}&sort=bus_id&order=desc&offset=50000&limit=2`)).json<ElementPage>();
    expect(byBus.rows).toHaveLength(2);
    expect((await http(`${url}&filter=Plant%2099999`)).json<ElementPage>().rows.map((r) => r[1])).toEqual(['Plant 99999']);
  });
});

describe('startStudio', () => {
  it('refuses a missing database file instead of creating one', async () => {
    const missing = path.join(tmpDir(), 'missing.db');
    await expect(startStudio({ dbPath: missing, write: true })).rejects.toThrow(`Database file not found: ${missing}`);
    expect(existsSync(missing)).toBe(false);
  });

  it('reports a port in use, and an invalid port', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startStudio({ dbPath: dbFile, port, consoleLevel: LogLevel.Off })).rejects.toThrow(`Port ${port} is already in use on 127.0.0.1`);
    } finally {
      blocker.close();
    }
    await expect(startStudio({ dbPath: dbFile, port: 70000 })).rejects.toThrow('Invalid port 70000: expected 0 to 65535');
  });

  it('close() stops the server and closes the database', async () => {
    const s = await startStudio({ dbPath: dbFile, consoleLevel: LogLevel.Off });
    const url = `http://127.0.0.1:${s.port}/api/overview?token=${s.token}`;
    expect((await http(url)).status).toBe(200);
    await s.close();
    await s.close();
    await expect(http(url)).rejects.toThrow(/ECONNREFUSED/);
  });
});
