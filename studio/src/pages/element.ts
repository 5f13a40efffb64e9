// One element: its scalars, each vector and set group as a table, and each time-series group as a
// zoomable plot (all numeric columns overlaid) with a table view of the same rows.

import { collectionPath, csvUrl, getBinary, getJson, type ElementDetail, type GroupTable, type SeriesSummary } from '../api.js';
import { cell, count, counted, csvLink, errorBox, h, links, table } from '../dom.js';
import { createPlot, type Plot } from '../plot.js';
import { decodeSeries, dimensionText, plotLines, type Series } from '../series.js';
import type { Page } from './page.js';

const TABLE_ROWS = 100;

function groupCard(kind: 'vector' | 'set', g: GroupTable): HTMLElement {
  const headers = [...(kind === 'vector' ? ['#'] : []), ...g.columns.map((c) => c.name)];
  const rows = g.rows.map((r, i) => [
    ...(kind === 'vector' ? [document.createTextNode(String(i + 1))] : []),
    ...r.map((v, k) => cell(v, g.columns[k]!.references)),
  ]);
  return h(
    'div',
    { class: 'card', id: `${kind}-${g.group}` },
    h('h3', null, g.group, ' ', h('small', { class: 'muted' }, `${kind} · ${counted(g.rows.length, 'row')}`)),
    g.rows.length === 0 ? h('p', { class: 'empty' }, 'No rows for this element.') : table(headers, rows),
  );
}

/** The table view of a series: 100 rows at a time, straight from the decoded columns. */
function seriesTable(series: Series): HTMLElement {
  const { header } = series;
  const wrap = h('div', { class: 'series-table' });
  let offset = 0;
  const render = () => {
    const end = Math.min(header.rows, offset + TABLE_ROWS);
    const rows: Node[][] = [];
    for (let r = offset; r < end; r++) {
      rows.push([
        document.createTextNode(dimensionText(series, r)),
        ...header.columns.map((c) => {
          if (c.encoding === 'text') return cell(header.text[c.name]![r]);
          const v = series.numbers.get(c.name)![r]!;
          return cell(Number.isNaN(v) ? null : v);
        }),
      ]);
    }
    wrap.replaceChildren(
      table([header.dimension, ...header.columns.map((c) => c.name)], rows),
      h(
        'div',
        { class: 'pager' },
        h('button', { disabled: offset === 0, onclick: () => ((offset = Math.max(0, offset - TABLE_ROWS)), render()) }, '‹'),
        h('span', { class: 'range' }, `${count(header.rows === 0 ? 0 : offset + 1)}–${count(end)} of ${count(header.rows)}`),
        h('button', { disabled: end >= header.rows, onclick: () => ((offset += TABLE_ROWS), render()) }, '›'),
      ),
    );
  };
  render();
  return wrap;
}

interface SeriesCard {
  node: HTMLElement;
  load(): Promise<void>;
  destroy(): void;
}

function seriesCard(collection: string, id: number, s: SeriesSummary): SeriesCard {
  const plotBox = h('div', { class: 'plot', 'data-group': s.group });
  const tableBox = h('div', { class: 'table-view', hidden: true });
  let plot: Plot | undefined;
  let left = false; // the user left the page while the series was loading
  const show = (view: 'plot' | 'table') => {
    plotBox.hidden = view !== 'plot';
    tableBox.hidden = view !== 'table';
    plotButton.classList.toggle('active', view === 'plot');
    tableButton.classList.toggle('active', view === 'table');
  };
  const plotButton = h('button', { class: 'active', onclick: () => show('plot') }, 'Plot');
  const tableButton = h('button', { onclick: () => show('table') }, 'Table');
  const node = h(
    'div',
    { class: 'card series', id: `time-series-${s.group}` },
    h('h3', null, s.group, ' ', h('small', { class: 'muted' }, `time series · ${counted(s.rows, 'row')}`)),
    h(
      'div',
      { class: 'toolbar' },
      h('span', { class: 'toggle' }, plotButton, tableButton),
      h('button', { onclick: () => plot?.resetZoom(), title: 'Or double-click the plot' }, 'Reset zoom'),
      h('span', { class: 'hint muted' }, 'Drag to zoom · click a legend entry to hide a line'),
      h('span', { class: 'spacer' }),
      csvLink(csvUrl(collection, s.group), `CSV (${s.group}, all elements)`),
    ),
    plotBox,
    tableBox,
  );
  return {
    node,
    async load() {
      if (s.rows === 0) {
        plotBox.replaceChildren(h('p', { class: 'empty' }, 'No rows for this element.'));
        return;
      }
      plotBox.replaceChildren(h('p', { class: 'muted' }, `Loading ${count(s.rows)} rows…`));
      const name = `studio:${s.group}`;
      performance.mark(`${name}:fetch`);
      const series = decodeSeries(await getBinary(`${collectionPath(collection)}/elements/${id}/time-series/${encodeURIComponent(s.group)}`));
      performance.measure(`${name}:fetch`, `${name}:fetch`);
      if (left) return;
      tableBox.replaceChildren(seriesTable(series));
      const { x, lines } = plotLines(series);
      if (lines.length === 0) {
        plotBox.replaceChildren(h('p', { class: 'empty' }, 'No numeric column to plot: see the table.'));
        show('table');
        return;
      }
      plotBox.replaceChildren();
      performance.mark(`${name}:render`);
      await new Promise<void>((resolve) => {
        plot = createPlot(plotBox, x, lines, {
          time: series.header.x === 'time',
          xLabel: series.header.dimension,
          onFirstDraw: () => {
            performance.measure(`${name}:render`, `${name}:render`);
            plotBox.dataset.ready = '1';
            resolve();
          },
        });
      });
    },
    destroy() {
      left = true;
      plot?.destroy();
    },
  };
}

/** The page of one element (#/c/<collection>/<id>). */
export async function elementPage(collection: string, idText: string): Promise<Page> {
  const e = await getJson<ElementDetail>(`${collectionPath(collection)}/elements/${encodeURIComponent(idText)}`);
  const scalars = table(
    ['Attribute', 'Value', 'Type'],
    e.scalars.map((s) => [document.createTextNode(s.name), cell(s.value, s.references), h('span', { class: 'muted' }, s.references ? `→ ${s.references}` : s.type)]),
    'grid scalars',
  );
  const cards = e.timeSeries.map((s) => seriesCard(collection, e.id, s));
  const node = h(
    'section',
    null,
    h('nav', { class: 'crumbs' }, h('a', { href: links.overview() }, 'Overview'), ' › ', h('a', { href: links.collection(collection) }, collection), ' › ', e.label),
    h('h1', null, e.label, ' ', h('small', { class: 'muted' }, `${collection} #${e.id}`)),
    h('div', { class: 'card' }, h('h2', null, 'Scalars'), scalars),
    e.vectors.length > 0 && [h('h2', null, 'Vectors'), e.vectors.map((g) => groupCard('vector', g))],
    e.sets.length > 0 && [h('h2', null, 'Sets'), e.sets.map((g) => groupCard('set', g))],
    cards.length > 0 && [h('h2', null, 'Time series'), cards.map((c) => c.node)],
  );
  // One group at a time, once the page is on screen (the plots take their width from it).
  const mounted = async () => {
    for (const card of cards) {
      if (!node.isConnected) return;
      try {
        await card.load();
      } catch (err) {
        card.node.append(errorBox(err));
      }
    }
  };
  return { title: `${e.label} · ${collection}`, node, mounted: () => void mounted(), destroy: () => cards.forEach((c) => c.destroy()) };
}
