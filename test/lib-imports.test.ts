// The module graph of lib/: imports only point down the layers (errors → types/loader → native →
// check → database areas → database → lua-runner → index), so no module is ever half-initialised
// when another one reads it. Type-only imports count too: they are edges a refactor can turn into
// runtime ones.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const LIB = fileURLToPath(new URL('../lib', import.meta.url));

/** Every lib/ module with the lib/ modules it imports (by file name). */
function libGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of readdirSync(LIB).filter((f) => f.endsWith('.ts')).sort()) {
    const info = ts.preProcessFile(readFileSync(path.join(LIB, file), 'utf8'), true, true);
    const local = info.importedFiles
      .map((ref) => ref.fileName)
      .filter((spec) => spec.startsWith('./'))
      .map((spec) => spec.slice(2).replace(/\.js$/, '.ts'));
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

  it('reports a cycle when there is one (the check itself works)', () => {
    const looped = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
    ]);
    expect(findCycle(looped)).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
  });
});
