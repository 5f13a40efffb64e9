// The published package: `npm run build` + `npm pack`, then install the tarball into a fresh project
// whose PATH holds no compiler and use it from ESM, CommonJS and TypeScript (tsx). This is what a
// user gets from the registry: the prebuilt libquiver_c must load with no build step.

import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FARM_SCHEMA, tmpDir } from './helpers.js';
import { http } from './studio-fixture.js';

const SLOW = 120_000;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nodeBin = process.execPath;

/** Runs a command; fails with its output when it exits non-zero. */
function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): string {
  const r: SpawnSyncReturns<string> = spawnSync(cmd, args, { ...opts, encoding: 'utf8', timeout: SLOW });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (status ${r.status}, ${r.error ?? ''}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

/** npm's JS entry point, so npm can run under a PATH that only holds node. */
function npmCli(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'npm');
    if (dir && existsSync(candidate)) return realpathSync(candidate);
  }
  throw new Error('npm not found on PATH');
}

const COMPILERS = ['gcc', 'cc', 'g++', 'c++', 'clang', 'clang++', 'make', 'cmake', 'ninja'];

let tarball = '';
let packedFiles: string[] = [];
let project = '';
let cleanEnv: NodeJS.ProcessEnv = {};
let binDir = '';

beforeAll(() => {
  const work = tmpDir('quiverdb-pack-');
  const npm = npmCli();

  run(nodeBin, [npm, 'run', 'build'], { cwd: repoRoot });
  const packed = JSON.parse(run(nodeBin, [npm, 'pack', '--json', '--pack-destination', work], { cwd: repoRoot })) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarball = path.join(work, packed[0]!.filename);
  packedFiles = packed[0]!.files.map((f) => f.path);

  // A PATH with node and a POSIX shell only: no compiler can be found by npm or by a package script.
  binDir = path.join(work, 'bin');
  mkdirSync(binDir);
  symlinkSync(nodeBin, path.join(binDir, 'node'));
  symlinkSync('/bin/sh', path.join(binDir, 'sh'));
  cleanEnv = { HOME: process.env.HOME, PATH: binDir };
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(https?_proxy|no_proxy|npm_config_(registry|cache|userconfig))$/i.test(k)) cleanEnv[k] = v;
  }

  project = path.join(work, 'consumer');
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
  writeFileSync(path.join(project, 'farm.sql'), FARM_SCHEMA);
  run(nodeBin, [npm, 'install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: project, env: cleanEnv });
}, SLOW);

/** Runs a script of the consumer project in the compiler-free environment; returns its JSON output. */
function runConsumer(cmd: string, args: string[]): unknown {
  const out = run(cmd, args, { cwd: project, env: cleanEnv }).trim().split('\n');
  return JSON.parse(out[out.length - 1]!);
}

/** A TypeScript consumer (valid as .ts in an ESM project and as .cts). */
const TS_SOURCE = `import { Database, LogLevel, type ElementData, type GroupMetadata } from 'quiverdb-node';
const data: ElementData = { label: 'ts', crop_yield: [1.5, 2.5] };
const db = Database.fromSchema(':memory:', 'farm.sql', { consoleLevel: LogLevel.Off });
const id: number = db.createElement('Farm', data);
const groups: GroupMetadata[] = db.listVectorGroups('Farm');
const out = { id, yields: db.readVectorFloatsById('Farm', 'crop_yield', id), groups: groups.map((g) => g.groupName) };
db.close();
console.log(JSON.stringify(out));
`;

const installedLib = (): string => path.join(project, 'node_modules', 'quiverdb-node', 'prebuilds', 'linux-x64', 'libquiver_c.so');

describe('npm package', { timeout: SLOW }, () => {
  it('the tarball holds the prebuilt library, both builds and their types', () => {
    expect(path.basename(tarball)).toMatch(/^quiverdb-node-\d+\.\d+\.\d+.*\.tgz$/);
    for (const f of [
      'package.json',
      'prebuilds/linux-x64/libquiver_c.so',
      'dist/index.js',
      'dist/index.cjs',
      'dist/index.d.ts',
      'dist/index.d.cts',
      'c-api/include/quiver/c/database.h',
    ]) {
      expect(packedFiles).toContain(f);
    }
    // Sources, tests and native build trees stay out of the package.
    expect(packedFiles.filter((f) => /^(lib|test|c-api\/src|c-api\/build|node_modules|bench|studio)\//.test(f))).toEqual([]);
  });

  it('holds Quiver Studio prebuilt, and the API entry points never import it', () => {
    for (const f of ['dist/studio/server.js', 'dist/studio/web/index.html', 'dist/studio/web/app.js', 'dist/studio/web/app.css']) {
      expect(packedFiles).toContain(f);
    }
    // import('quiverdb-node') loads one bundle whose only imports are Node's own modules and koffi.
    const installed = path.join(project, 'node_modules', 'quiverdb-node', 'dist');
    for (const entry of ['index.js', 'index.cjs']) {
      const code = readFileSync(path.join(installed, entry), 'utf8');
      const specifiers = [...code.matchAll(/(?:from |require\(|import\()\s*"([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(specifiers), entry).toEqual(new Set(['koffi', 'os', 'fs', 'path', 'url']));
      expect(code).not.toMatch(/studio/i);
    }
  });

  it('runs `quiver studio` from the installed package', async () => {
    writeFileSync(
      path.join(project, 'make-db.mjs'),
      `import { Database, LogLevel } from 'quiverdb-node';
const db = Database.fromSchema('farm.db', 'farm.sql', { consoleLevel: LogLevel.Off });
db.createElement('Farm', { label: 'studio' });
db.close();
console.log('{}');
`,
    );
    runConsumer(nodeBin, ['make-db.mjs']);
    const bin = path.join(project, 'node_modules', 'quiverdb-node', 'bin', 'quiver.mjs');
    const child = spawn(nodeBin, [bin, 'studio', 'farm.db', '--no-open'], { cwd: project, env: cleanEnv });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out);
          if (m) resolve(m[0]);
        });
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('exit', (code) => reject(new Error(`quiver studio exited with ${code}:\n${out}`)));
      });
      const overview = await http(url.replace('/?', '/api/overview?'));
      expect(overview.status).toBe(200);
      expect(overview.json()).toMatchObject({ file: 'farm.db', writable: false });
      const app = await http(url.replace('/?', '/assets/app.js?'));
      expect(app.status).toBe(200);
      expect(app.body.length).toBeGreaterThan(10_000);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('package.json has no install scripts (npm 11 would skip them anyway)', () => {
    const manifest = JSON.parse(readFileSync(path.join(project, 'node_modules', 'quiverdb-node', 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    for (const hook of ['preinstall', 'install', 'postinstall']) expect(manifest.scripts?.[hook]).toBeUndefined();
  });

  it('the consumer environment has no compiler on PATH', () => {
    const r = spawnSync('sh', ['-c', 'command -v gcc'], { env: cleanEnv, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    for (const c of COMPILERS) expect(existsSync(path.join(binDir, c)), c).toBe(false);
    expect(existsSync(installedLib())).toBe(true);
  });

  it('works from an ESM script', () => {
    writeFileSync(
      path.join(project, 'esm.mjs'),
      `import { Database, LogLevel, loadedLibraryPath, version } from 'quiverdb-node';
const db = Database.fromSchema(':memory:', 'farm.sql', { consoleLevel: LogLevel.Off });
const id = db.createElement('Farm', { label: 'esm', hectares: 7, crop: ['oat', 'rye'] });
const out = {
  id,
  labels: db.readScalarStrings('Farm', 'label'),
  hectares: db.readScalarIntegerById('Farm', 'hectares', id),
  crops: db.readSetStringsById('Farm', 'crop', id),
  count: db.queryInteger('SELECT COUNT(*) FROM Farm'),
  version: version(),
  lib: loadedLibraryPath(),
};
db.close();
console.log(JSON.stringify(out));
`,
    );
    expect(runConsumer(nodeBin, ['esm.mjs'])).toEqual({
      id: 1,
      labels: ['esm'],
      hectares: 7,
      crops: ['oat', 'rye'],
      count: 1,
      version: '0.10.0',
      lib: installedLib(),
    });
  });

  it('works from a CommonJS script', () => {
    writeFileSync(
      path.join(project, 'cjs.cjs'),
      `const { Database, LogLevel, QuiverError, loadedLibraryPath } = require('quiverdb-node');
const db = Database.fromSchema(':memory:', 'farm.sql', { consoleLevel: LogLevel.Off });
db.createElement('Farm', { label: 'cjs', area: 2.5 });
let error = null;
try { db.createElement('Farm', { label: 'cjs' }); } catch (e) { error = [e instanceof QuiverError, e.message]; }
const out = { areas: db.readScalarFloats('Farm', 'area'), error, lib: loadedLibraryPath() };
db.close();
console.log(JSON.stringify(out));
`,
    );
    expect(runConsumer(nodeBin, ['cjs.cjs'])).toEqual({
      areas: [2.5],
      error: [true, 'Failed to execute statement: UNIQUE constraint failed: Farm.label'],
      lib: installedLib(),
    });
  });

  it('works from a TypeScript script run with tsx', () => {
    writeFileSync(path.join(project, 'main.ts'), TS_SOURCE);
    const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
    expect(runConsumer(tsx, ['main.ts'])).toEqual({ id: 1, yields: [1.5, 2.5], groups: ['yields'] });
  });

  it('type-checks ESM (.ts) and CommonJS (.cts) consumers against the installed declarations', () => {
    writeFileSync(path.join(project, 'check-esm.ts'), TS_SOURCE);
    writeFileSync(path.join(project, 'check-cjs.cts'), TS_SOURCE);
    // The checker must really see the package's types: a wrong call in wrong.ts is the only error.
    writeFileSync(path.join(project, 'wrong.ts'), `import { Database } from 'quiverdb-node';\nDatabase.open(42);\n`);
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext'];
    args.push('--target', 'es2022', '--typeRoots', path.join(repoRoot, 'node_modules', '@types'), '--types', 'node');
    args.push('check-esm.ts', 'check-cjs.cts', 'wrong.ts');
    const r = spawnSync(nodeBin, [tsc, ...args], { cwd: project, env: cleanEnv, encoding: 'utf8', timeout: SLOW });
    const errors = r.stdout.split('\n').filter((l) => l.includes('error TS'));
    expect(errors).toEqual([
      "wrong.ts(2,15): error TS2345: Argument of type 'number' is not assignable to parameter of type 'string'.",
    ]);
  });
});
