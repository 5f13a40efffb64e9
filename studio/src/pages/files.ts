// Time-series files: for every collection that has a files table, the path stored per column.

import { getJson, type FilesReply } from '../api.js';
import { cell, h, links, table } from '../dom.js';
import type { Page } from './page.js';

/** The time-series files page (#/files). */
export async function filesPage(): Promise<Page> {
  const { collections } = await getJson<FilesReply>('/api/files');
  const node = h(
    'section',
    null,
    h('h1', null, 'Time-series files'),
    h('p', { class: 'muted' }, 'Paths to external time-series files, as stored in each collection’s files table.'),
    collections.length === 0
      ? h('p', { class: 'empty' }, 'No collection of this study has a time-series files table.')
      : collections.map((c) =>
          h(
            'div',
            { class: 'card' },
            h('h2', null, h('a', { href: links.collection(c.name) }, c.name)),
            table(['Column', 'Path'], Object.entries(c.files).map(([column, path]) => [document.createTextNode(column), cell(path)])),
          ),
        ),
  );
  return { title: 'Time-series files', node };
}
