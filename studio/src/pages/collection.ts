// A collection's elements, one page at a time: the server sorts, filters and pages, so the browser
// only ever holds the rows on screen. Sort, filter and position live in the URL hash.

import { collectionPath, csvUrl, getJson, type CollectionInfo, type ElementPage } from '../api.js';
import { cell, count, counted, csvLink, h, links } from '../dom.js';
import type { Page } from './page.js';

const PAGE_SIZES = [50, 100, 500];

function query(state: { offset: number; limit: number; sort: string; order: string; filter: string }): string {
  const q = new URLSearchParams();
  if (state.offset) q.set('offset', String(state.offset));
  if (state.limit !== 50) q.set('limit', String(state.limit));
  if (state.sort !== 'id') q.set('sort', state.sort);
  if (state.order !== 'asc') q.set('order', state.order);
  if (state.filter) q.set('filter', state.filter);
  return q.toString();
}

/** The element table of `collection` (#/c/<collection>?offset=&limit=&sort=&order=&filter=). */
export async function collectionPage(collection: string, params: URLSearchParams): Promise<Page> {
  const base = collectionPath(collection);
  const [info, page] = await Promise.all([
    getJson<CollectionInfo>(base),
    getJson<ElementPage>(`${base}/elements?${params.toString()}`),
  ]);
  const go = (change: Partial<ElementPage>) => {
    location.hash = links.collection(collection, query({ ...page, ...change }));
  };

  const filter = h('input', { type: 'search', name: 'filter', placeholder: 'Label contains…', value: page.filter, 'aria-label': 'Filter by label' });
  const toolbar = h(
    'div',
    { class: 'toolbar' },
    h(
      'form',
      {
        class: 'filter',
        onsubmit: (e: Event) => {
          e.preventDefault();
          go({ filter: filter.value, offset: 0 });
        },
      },
      filter,
      h('button', { type: 'submit' }, 'Filter'),
    ),
    h('span', { class: 'spacer' }),
    h('span', { class: 'muted' }, 'Export CSV:'),
    csvLink(csvUrl(collection, ''), 'scalars'),
    info.groups.map((g) => csvLink(csvUrl(collection, g.name), g.name)),
  );

  const headers = page.columns.map((c) => {
    const active = c.name === page.sort;
    const arrow = active ? (page.order === 'asc' ? ' ▲' : ' ▼') : '';
    return h(
      'th',
      { class: active ? 'sorted' : null, 'data-type': c.type },
      h('a', { href: links.collection(collection, query({ ...page, sort: c.name, order: active && page.order === 'asc' ? 'desc' : 'asc', offset: 0 })) }, c.name + arrow),
    );
  });
  const idIndex = page.columns.findIndex((c) => c.name === 'id');
  const labelIndex = page.columns.findIndex((c) => c.name === 'label');
  const body = page.rows.map((row) => {
    const id = row[idIndex] as number;
    return h(
      'tr',
      { 'data-id': id },
      row.map((value, i) => {
        const column = page.columns[i]!;
        const content = i === idIndex || i === labelIndex ? h('a', { href: links.element(collection, id) }, String(value)) : cell(value, column.references);
        return h('td', { class: !column.references && (column.type === 'integer' || column.type === 'float') ? 'num' : null }, content);
      }),
    );
  });

  const last = Math.max(0, Math.floor((page.total - 1) / page.limit) * page.limit);
  const first = page.total === 0 ? 0 : page.offset + 1;
  const pager = h(
    'div',
    { class: 'pager' },
    h('button', { disabled: page.offset === 0, onclick: () => go({ offset: 0 }), title: 'First page' }, '«'),
    h('button', { disabled: page.offset === 0, onclick: () => go({ offset: Math.max(0, page.offset - page.limit) }), title: 'Previous page' }, '‹'),
    h('span', { class: 'range', id: 'range' }, `${count(first)}–${count(page.offset + page.rows.length)} of ${count(page.total)}`),
    h('button', { disabled: page.offset >= last, onclick: () => go({ offset: page.offset + page.limit }), title: 'Next page' }, '›'),
    h('button', { disabled: page.offset >= last, onclick: () => go({ offset: last }), title: 'Last page' }, '»'),
    h(
      'select',
      { 'aria-label': 'Rows per page', onchange: (e: Event) => go({ limit: Number((e.target as HTMLSelectElement).value), offset: 0 }) },
      PAGE_SIZES.map((n) => h('option', { value: n, selected: n === page.limit }, `${n} rows`)),
    ),
  );

  const node = h(
    'section',
    null,
    h('nav', { class: 'crumbs' }, h('a', { href: links.overview() }, 'Overview'), ' › ', collection),
    h('h1', null, collection, ' ', h('small', { class: 'muted' }, counted(info.elements, 'element'))),
    toolbar,
    h('div', { class: 'scroll' }, h('table', { class: 'grid elements' }, h('thead', null, h('tr', null, headers)), h('tbody', null, body))),
    pager,
  );
  return { title: collection, node };
}
