// The study at a glance: file, schema version, collections with their sizes and groups, CSV
// downloads of each collection's scalars, and the library's schema report.

import { csvUrl, getJson, type Overview } from '../api.js';
import { count, csvLink, h, links, table } from '../dom.js';
import type { Page } from './page.js';

const list = (names: string[]) => (names.length === 0 ? h('span', { class: 'null' }, '—') : names.join(', '));

/** The overview page (#/). */
export async function overviewPage(): Promise<Page> {
  const o = await getJson<Overview>('/api/overview');
  const rows = o.collections.map((c) => [
    h('a', { href: links.collection(c.name), class: 'collection-link' }, c.name),
    h('span', { class: 'num', 'data-count': c.elements }, count(c.elements)),
    document.createTextNode(String(c.scalars)),
    list(c.vectors),
    list(c.sets),
    list(c.timeSeries),
    c.files ? h('a', { href: links.files() }, 'yes') : h('span', { class: 'null' }, '—'),
    csvLink(csvUrl(c.name, ''), 'CSV'),
  ]).map((r) => r.map((n) => (typeof n === 'string' ? document.createTextNode(n) : n)));
  const node = h(
    'section',
    { class: 'overview' },
    h('h1', null, o.file),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'File'),
      h('dd', null, h('code', null, o.path)),
      h('dt', null, 'Schema version'),
      h('dd', { id: 'schema-version' }, String(o.schemaVersion)),
      h('dt', null, 'Collections'),
      h('dd', null, String(o.collections.length)),
      h('dt', null, 'Access'),
      h('dd', null, o.writable ? 'read-write (--write): the Lua console can keep changes' : 'read-only'),
    ),
    h('h2', null, 'Collections'),
    table(['Collection', 'Elements', 'Scalars', 'Vector groups', 'Set groups', 'Time series', 'Files', 'Export'], rows),
    h('details', { class: 'report', open: true }, h('summary', null, 'Schema report (describe)'), h('pre', { id: 'describe' }, o.describe)),
  );
  return { title: o.file, node };
}
