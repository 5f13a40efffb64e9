// The layers only point down (docs/architecture.md).
// - lib/: imports go errors → types/loader → native → check → database areas → database →
//   lua-runner → index (→ studio/, which uses the public API only), with no cycle, so no module is ever half-initialised when another one
//   reads it. Type-only imports count too: they are edges a refactor can turn into runtime ones.
// - c-api/src: the core includes only itself; the Lua layer includes the core and itself, never
//   the C API layer or the public C headers; only the C layer sees everything.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const LIB = fileURLToPath(new URL('../lib', import.meta.url));

/** Every lib/ module with the lib/ modules it imports, as paths relative to lib/ ('studio/http.ts'). */
function libGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = (readdirSync(LIB, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith('.ts'))
    .sort();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(path.join(LIB, file), 'utf8'), true, true);
    const local = info.importedFiles
      .map((ref) => ref.fileName)
      .filter((spec) => spec.startsWith('./') || spec.startsWith('../'))
      .map((spec) => path.posix.join(path.posix.dirname(file), spec).replace(/\.js$/, '.ts'));
    graph.set(file, [...new Set(local)].sort());
  }
  return graph;
}

/** The first import cycle found, as a path that returns to its start; null when there is none. */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('lib/ import graph', () => {
  const graph = libGraph();

  it('sees every module and resolves every relative import to a file of lib/', () => {
    expect(graph.size).toBeGreaterThan(10);
    for (const [file, imports] of graph) {
      for (const target of imports) expect(graph.has(target), `${file} imports ${target}`).toBe(true);
    }
  });

  it('has no import cycle', () => {
    expect(findCycle(graph)).toBeNull();
  });

  it('keeps errors.ts at the bottom and native.ts below everything that wraps it', () => {
    expect(graph.get('errors.ts')).toEqual([]);
    const wrappers = /^(check|database.*|element|columns|lua-runner|index)\.ts$/;
    expect(graph.get('native.ts')!.filter((m) => wrappers.test(m))).toEqual([]);
  });

  it('keeps the library API free of the studio (a separate bundle above the public API)', () => {
    const api = [...graph.entries()].filter(([file]) => !file.startsWith('studio/'));
    expect(api.filter(([, imports]) => imports.some((m) => m.startsWith('studio/')))).toEqual([]);
  });

  it('reports a cycle when there is one (the check itself works)', () => {
    const looped = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
    ]);
    expect(findCycle(looped)).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
  });
});

const SRC = fileURLToPath(new URL('../c-api/src', import.meta.url));

/** The quoted #include targets of every file under c-api/src/<layer>, as `file: target`. */
function quotedIncludes(layer: string): string[] {
  const out: string[] = [];
  for (const file of readdirSync(path.join(SRC, layer)).sort()) {
    const text = readFileSync(path.join(SRC, layer, file), 'utf8');
    for (const m of text.matchAll(/^\s*#\s*include\s+"([^"]+)"/gm)) out.push(`${layer}/${file}: ${m[1]}`);
  }
  return out;
}

describe('c-api/src include directions', () => {
  it('the core includes only core headers', () => {
    const includes = quotedIncludes('core');
    expect(includes.length).toBeGreaterThan(20);
    // Core headers are included by bare name from core files.
    expect(includes.filter((line) => line.split(': ')[1]!.includes('/'))).toEqual([]);
  });

  it('the Lua layer includes the core and itself, not the C API layer or the public C headers', () => {
    const includes = quotedIncludes('lua');
    expect(includes.some((line) => line.includes(': core/'))).toBe(true);
    expect(includes.filter((line) => /: (c|quiver)\//.test(line))).toEqual([]);
  });
});
