// Installs the benchmark's own dependencies (bench/package.json) on first use. They live apart from
// the main package because better-sqlite3 compiles from source when its prebuilt binary cannot be
// downloaded, and `npm install` at the root must work without a compiler.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
if (!existsSync(path.join(benchDir, 'node_modules', 'better-sqlite3', 'package.json'))) {
  console.error('bench: installing bench/package.json dependencies (better-sqlite3 reference) ...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: benchDir, stdio: 'inherit' });
}
