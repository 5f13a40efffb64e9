// A tiny DOM builder and the value formatting shared by the pages. Text always goes in as text
// nodes (never as HTML), so names and values from the study cannot inject markup.

/** Children of h(): nodes, text, nothing, or (nested) arrays of them. */
export type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** Creates an element: `on*` attributes become listeners, `false`/`null` attributes are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el: HTMLElement, child: Child): void {
  if (Array.isArray(child)) for (const c of child) append(el, c);
  else if (child !== null && child !== undefined && child !== false) el.append(child instanceof Node ? child : String(child));
}

/** The hash link of a page. */
export const links = {
  overview: () => '#/',
  collection: (c: string, query = '') => `#/c/${encodeURIComponent(c)}${query ? `?${query}` : ''}`,
  element: (c: string, id: number) => `#/c/${encodeURIComponent(c)}/${id}`,
  files: () => '#/files',
  lua: () => '#/lua',
};

const integerFormat = new Intl.NumberFormat('en-US');

/** A count with thousands separators. */
export function count(n: number): string {
  return integerFormat.format(n);
}

/** `n` and a noun, singular for one: "1 row", "2 rows". */
export function counted(n: number, noun: string): string {
  return `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** A table cell's content: NULL as a dash, a reference as a link to the element with its label. */
export function cell(value: unknown, references?: string): Node {
  if (value === null || value === undefined) return h('span', { class: 'null', title: 'NULL' }, '—');
  if (references && typeof value === 'object') {
    const ref = value as { id: number; label: string | null };
    return h('a', { href: links.element(references, ref.id), title: `${references} #${ref.id}` }, ref.label ?? `#${ref.id}`);
  }
  return document.createTextNode(typeof value === 'number' ? formatNumber(value) : String(value));
}

/** A number as the study holds it (no rounding), but never in exponent form for ordinary sizes. */
export function formatNumber(v: number): string {
  return Number.isInteger(v) || Math.abs(v) >= 1e-6 ? String(v) : v.toExponential();
}

/** A table with a header row. */
export function table(headers: (string | Node)[], rows: Node[][], className = 'grid'): HTMLTableElement {
  return h(
    'table',
    { class: className },
    h('thead', null, h('tr', null, headers.map((t) => h('th', null, t)))),
    h('tbody', null, rows.map((r) => h('tr', null, r.map((c) => h('td', null, c))))),
  );
}

/** An error box. */
export function errorBox(err: unknown): HTMLElement {
  return h('div', { class: 'error', role: 'alert' }, err instanceof Error ? err.message : String(err));
}

/** A download link for a CSV export. */
export function csvLink(href: string, text: string): HTMLAnchorElement {
  return h('a', { class: 'button', href, download: '' }, text);
}
