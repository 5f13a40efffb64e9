// `quiver studio` (bin/quiver.mjs) as a child process from the checkout: usage errors, a missing
// file, and a server that starts, prints its URL, answers, and stops on SIGTERM.

import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tmpDir } from './helpers.js';
import { createStudy, http } from './studio-fixture.js';

const BIN = fileURLToPath(new URL('../bin/quiver.mjs', import.meta.url));
const SLOW = { timeout: 120_000 };

function quiver(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('quiver studio', SLOW, () => {
  it('prints its help, and refuses bad command lines with exit code 2', () => {
    const dir = tmpDir('quiver-studio-cli-');
    const help = quiver(['studio', '--help'], dir);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: quiver studio <file\.db> \[--port <n>\] \[--write\] \[--no-open\]/);
    expect(quiver(['--help'], dir).stdout).toContain('studio <file.db>');
    const cases: [string[], string][] = [
      [['studio'], 'No database provided'],
      [['studio', 'a.db', 'b.db'], 'Unexpected argument: b.db'],
      [['studio', 'a.db', '--port', 'http'], "Invalid port 'http': expected 0 to 65535"],
      [['studio', 'a.db', '--port', '70000'], "Invalid port '70000': expected 0 to 65535"],
      [['studio', 'a.db', '--bogus'], "Unknown option '--bogus'"],
    ];
    for (const [args, message] of cases) {
      const r = quiver(args, dir);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0], args.join(' ')).toContain(message);
      expect(r.stderr).toContain('Usage: quiver studio');
    }
  });

  it('exits 1 for a database file that does not exist', () => {
    const dir = tmpDir('quiver-studio-cli-');
    expect(quiver(['studio', 'missing.db', '--no-open'], dir)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'Database file not found: missing.db\n',
    });
  });

  it('serves the study on 127.0.0.1 with --port and --write until SIGTERM', async () => {
    const dir = tmpDir('quiver-studio-cli-');
    createStudy(dir, { plants: 2, hours: 3 });
    const child = spawn(process.execPath, [BIN, 'studio', 'study.db', '--no-open', '--write', '--port', '0', '--log-level', 'off'], { cwd: dir });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}/.exec(out);
          if (m) resolve(m[0]);
        });
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
      });
      expect(out).toBe(`Quiver Studio is serving study.db (read-write) at\n  ${url}\nPress Ctrl+C to stop.\n`);
      const overview = await http(url.replace('/?', '/api/overview?'));
      expect(overview.json()).toMatchObject({ file: 'study.db', writable: true, schemaVersion: 3 });
      expect((await http(url.replace(/\?token=.*/, 'api/overview'))).status).toBe(401);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await expect(http(url)).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

