// The Lua console: a script runs against the study (the global `db`) and its return value is shown
// as JSON. Changes are discarded (dry run) unless the studio runs with --write and "Keep changes" is
// ticked.

import { getJson, postJson, type LuaReply, type Overview } from '../api.js';
import { errorBox, h } from '../dom.js';
import type { Page } from './page.js';

const STORAGE_KEY = 'quiver-studio-lua';

function example(o: Overview): string {
  const c = o.collections.find((c) => c.name !== 'Configuration') ?? o.collections[0];
  const name = c ? c.name : 'Collection';
  return `-- The study is the global \`db\`; the value returned is shown as JSON.\nreturn {\n  count = db:number_of_elements("${name}"),\n  labels = db:read_scalar_strings("${name}", "label"),\n}\n`;
}

function pretty(json: string): string {
  if (json === '') return '(the script returned nothing)';
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

/** The Lua console (#/lua). */
export async function luaPage(): Promise<Page> {
  const o = await getJson<Overview>('/api/overview');
  const editor = h('textarea', { id: 'lua-script', spellcheck: 'false', rows: 14, 'aria-label': 'Lua script' });
  editor.value = sessionStorage.getItem(STORAGE_KEY) ?? example(o);
  const keep = h('input', { type: 'checkbox', id: 'lua-keep', disabled: !o.writable });
  const output = h('div', { id: 'lua-output' });
  const run = h('button', { id: 'lua-run', class: 'primary' }, 'Run');
  const status = h('span', { class: 'muted', id: 'lua-status' });

  const execute = async () => {
    sessionStorage.setItem(STORAGE_KEY, editor.value);
    run.disabled = true;
    status.textContent = 'Running…';
    try {
      const reply = await postJson<LuaReply>('/api/lua', { script: editor.value, keep: keep.checked });
      output.replaceChildren(h('pre', { class: 'result', id: 'lua-result' }, pretty(reply.json)));
      status.textContent = `Ran in ${reply.ms.toFixed(1)} ms · ${reply.kept ? 'changes kept' : 'dry run: changes discarded'}`;
    } catch (err) {
      output.replaceChildren(errorBox(err));
      status.textContent = 'Failed';
    } finally {
      run.disabled = false;
    }
  };
  run.addEventListener('click', () => void execute());
  editor.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void execute();
    }
  });

  const node = h(
    'section',
    { class: 'lua' },
    h('h1', null, 'Lua console'),
    h(
      'p',
      { class: 'muted' },
      'Runs a Lua script against the study with the same ',
      h('code', null, 'db'),
      ' methods as ',
      h('code', null, 'quiver run'),
      '. ',
      o.writable ? 'Scripts run in a dry run unless “Keep changes” is ticked.' : 'The study is open read-only: scripts can read, and any write fails.',
      ' Ctrl+Enter runs.',
    ),
    editor,
    h(
      'div',
      { class: 'toolbar' },
      run,
      h('label', { title: o.writable ? 'Keep what the script writes' : 'Start the studio with --write to keep changes' }, keep, ' Keep changes'),
      status,
    ),
    output,
  );
  return { title: 'Lua console', node };
}
