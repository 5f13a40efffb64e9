// Quiver Studio in the browser: a hash router over the pages. #/ overview, #/c/<collection>
// element table, #/c/<collection>/<id> element, #/files time-series files, #/lua Lua console.

import './style.css';
import { getJson, type Overview } from './api.js';
import { errorBox, h } from './dom.js';
import { collectionPage } from './pages/collection.js';
import { elementPage } from './pages/element.js';
import { filesPage } from './pages/files.js';
import { luaPage } from './pages/lua.js';
import { overviewPage } from './pages/overview.js';
import type { Page } from './pages/page.js';

const main = document.getElementById('main')!;
let current: Page | undefined;
let navigation = 0;

function pageFor(hash: string): Promise<Page> {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return overviewPage();
  if (parts[0] === 'c' && parts.length === 2) return collectionPage(parts[1]!, new URLSearchParams(query));
  if (parts[0] === 'c' && parts.length === 3) return elementPage(parts[1]!, parts[2]!);
  if (parts[0] === 'files' && parts.length === 1) return filesPage();
  if (parts[0] === 'lua' && parts.length === 1) return luaPage();
  return Promise.reject(new Error(`No page at ${hash}`));
}

async function route(): Promise<void> {
  const mine = ++navigation;
  current?.destroy?.();
  current = undefined;
  document.body.dataset.loading = '1';
  let page: Page;
  try {
    page = await pageFor(location.hash);
  } catch (err) {
    if (mine === navigation) main.replaceChildren(errorBox(err));
    delete document.body.dataset.loading;
    return;
  }
  if (mine !== navigation) return page.destroy?.(); // the user moved on meanwhile
  current = page;
  document.title = `${page.title} · Quiver Studio`;
  main.replaceChildren(page.node);
  window.scrollTo(0, 0);
  page.mounted?.();
  delete document.body.dataset.loading;
}

async function showStudy(): Promise<void> {
  try {
    const o = await getJson<Overview>('/api/overview');
    document.getElementById('study')!.replaceChildren(
      h('span', { title: o.path }, o.file),
      h('span', { class: o.writable ? 'badge write' : 'badge' }, o.writable ? 'read-write' : 'read-only'),
    );
  } catch {
    // the page itself shows the error
  }
}

window.addEventListener('hashchange', () => void route());
void showStudy();
void route();
