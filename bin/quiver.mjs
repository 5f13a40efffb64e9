#!/usr/bin/env node
// `quiver`: runs Lua scripts against a Quiver database, and prints database reports.
//
// Where the library code comes from (decision for issue 4):
// - In a git checkout (lib/index.ts next to this file) the TypeScript sources are loaded through
//   tsx, a devDependency, so `npx quiver` works right after `npm install`, with no build step, and
//   never runs a stale dist/ left over from an earlier build.
// - In the published package lib/ is not shipped ("files" in package.json), so the built
//   dist/index.js is imported; `npm run build` produces it.
// Plain JS on purpose: a bin must be runnable by node itself, before any TypeScript tooling loads.
//
// Behaviour follows Quiver 0.10's quiver_cli where it applies: same messages, exit code
// 2 for usage errors, 1 for runtime errors, BOM stripping, result printed with a newline. The
// command shape (`run <script> --db <file>`, `describe <file>`) is ours.

import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = (rel) => fileURLToPath(new URL(rel, import.meta.url));

async function loadLibrary() {
  if (existsSync(here('../lib/index.ts'))) {
    const { tsImport } = await import('tsx/esm/api');
    return tsImport('../lib/index.ts', import.meta.url);
  }
  return import('../dist/index.js');
}

const MAIN_HELP = `\
Usage: quiver <command> [options]

Commands:
  run <script.lua> --db <file>   Run a Lua script against a database and print its result as JSON
  describe <file.db>             Print the database report (collections, attributes, groups)
  bin2csv <file> [--aggregate-time]
                                 Convert a binary file (<file>.qvr + <file>.toml) to <file>.csv
  csv2bin <file>                 Convert <file>.csv back to <file>.qvr (metadata from <file>.toml)
  import-csv --db <file> <collection> [group] <file.csv>
                                 Replace a collection's scalars or one group with a CSV file
  export-csv --db <file> <collection> [group] <file.csv>
                                 Write a collection's scalars or one group to a CSV file
  studio <file.db>               Look at a study in the browser (local web server)
  types <schema|dir|file.db>     Print TypeScript types for the study (-o <file.ts> to write them)

Options:
  -h, --help       Show help (also: quiver <command> --help)
  -v, --version    Show the version

Exit codes: 0 success, 1 error while opening or running, 2 bad command line.
`;

const RUN_HELP = `\
Usage: quiver run <script.lua> --db <file> [--schema <schema.sql> | --migrations <dir>]
                  [--dry-run] [--read-only] [--timeout <ms>] [--memory-limit <MB>]
                  [--log-level <level>]

Runs a Lua script with the global \`db\` bound to the database and prints the script's first
return value as JSON on stdout (nothing when it returns nothing).

Options:
  --db <file>           Database file (required; must exist unless --schema or
                        --migrations is given)
  --schema <file>       Create the database from a schema file (recreates the database file)
  --migrations <dir>    Create or upgrade the database from a migrations folder (<n>/up.sql)
  --dry-run             Run inside a dry run: nothing the script writes is kept
                        (not with --schema)
  --read-only           Open the database read-only
  --timeout <ms>        Stop the script after this many milliseconds (default: no limit)
  --memory-limit <MB>   Stop the script when its Lua memory exceeds this many megabytes
                        (default: no limit)
  --log-level <level>   Library console log level on stderr: debug, info, warn, error, off
                        (default: warn)
  -h, --help            Show this help

On failure the Lua or Quiver error message is printed on stderr and the exit code is 1.
`;

const DESCRIBE_HELP = `\
Usage: quiver describe <file.db> [--log-level <level>]

Opens the database read-only and prints its report: every collection with its scalar attributes,
vector, set and time-series groups.

Options:
  --log-level <level>   Library console log level on stderr: debug, info, warn, error, off
                        (default: warn)
  -h, --help            Show this help
`;

/** A command-line mistake: message and the relevant usage go to stderr, exit code 2. */
class UsageError extends Error {
  constructor(message, help) {
    super(message);
    this.help = help;
  }
}

/** A failure while doing the work: message on stderr, exit code 1. */
class RunError extends Error {}

/** Ctrl+C stopped the work (which then changed nothing): message on stderr, exit code 130. */
class InterruptedError extends RunError {}

const LOG_LEVELS = { debug: 'Debug', info: 'Info', warn: 'Warn', error: 'Error', off: 'Off' };

function parse(args, options, help) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    // parseArgs only throws for unknown options, missing option values and the like.
    throw new UsageError(err.message, help);
  }
}

function logLevel(lib, word) {
  const name = Object.hasOwn(LOG_LEVELS, word ?? 'warn') ? LOG_LEVELS[word ?? 'warn'] : undefined;
  if (name === undefined) throw new RunError(`Unknown log level: ${word}`);
  return lib.LogLevel[name];
}

/** A limit option: a number > 0 (fractions allowed), times `unit`, rounded to a whole number. */
function positiveNumber(text, flag, unit) {
  if (text === undefined) return 0;
  const value = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : NaN;
  if (!(value > 0) || !Number.isSafeInteger(Math.ceil(value * unit))) {
    throw new UsageError(`Invalid ${flag} value '${text}': expected a number greater than 0`, RUN_HELP);
  }
  return Math.ceil(value * unit);
}

function readScript(path) {
  if (!existsSync(path)) throw new RunError(`Script file not found: ${path}`);
  let bytes;
  try {
    if (statSync(path).isDirectory()) throw new Error('is a directory');
    bytes = readFileSync(path);
  } catch {
    throw new RunError(`Failed to read script file: ${path}`);
  }
  // Editors on Windows like to start UTF-8 files with a BOM; Lua would reject it.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  return bytes.toString('utf8');
}

async function run(args, out) {
  const { values, positionals } = parse(
    args,
    {
      db: { type: 'string' },
      schema: { type: 'string' },
      migrations: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'read-only': { type: 'boolean' },
      timeout: { type: 'string' },
      'memory-limit': { type: 'string' },
      'log-level': { type: 'string' },
    },
    RUN_HELP,
  );
  if (values.help) return out.stdout(RUN_HELP);
  if (positionals.length > 1) throw new UsageError(`Unexpected argument: ${positionals[1]}`, RUN_HELP);
  if (values.schema !== undefined && values.migrations !== undefined) {
    throw new UsageError('Cannot use --schema and --migrations together', RUN_HELP);
  }
  if (values.schema !== undefined && values['dry-run']) {
    throw new UsageError('Cannot use --schema and --dry-run together: --schema recreates the database file', RUN_HELP);
  }
  if (values.db === undefined) throw new UsageError('No database provided (--db <file>)', RUN_HELP);
  if (positionals.length === 0) throw new UsageError('No script provided', RUN_HELP);
  const limits = {
    timeoutMs: positiveNumber(values.timeout, '--timeout', 1),
    memoryLimitBytes: positiveNumber(values['memory-limit'], '--memory-limit', 1024 * 1024),
  };

  const lib = await loadLibrary();
  const options = { readOnly: values['read-only'] === true, consoleLevel: logLevel(lib, values['log-level']) };
  const script = readScript(positionals[0]);
  // Opening a missing file would create an empty database: a mistyped --db must fail instead.
  if (values.schema === undefined && values.migrations === undefined && values.db !== ':memory:' && !existsSync(values.db)) {
    throw new RunError(`Database file not found: ${values.db} (use --schema or --migrations to create one)`);
  }

  let db;
  if (values.schema !== undefined) db = lib.Database.fromSchema(values.db, values.schema, options);
  else if (values.migrations !== undefined) db = lib.Database.fromMigrations(values.db, values.migrations, options);
  else db = lib.Database.open(values.db, options);
  try {
    const runner = new lib.LuaRunner(db, limits);
    let result;
    if (values['dry-run']) {
      db.beginDryRun();
      try {
        result = runner.runRaw(script);
      } catch (err) {
        // Discard the writes before closing; the script's error is the one to report.
        try {
          db.endDryRun();
        } catch {}
        throw err;
      }
      db.endDryRun();
    } else {
      result = runner.runRaw(script);
    }
    // runRaw, not run: the library's JSON text keeps 64-bit integers exact.
    if (result !== '') out.stdout(`${result}\n`);
  } finally {
    db.close();
  }
}

async function describe(args, out) {
  const { values, positionals } = parse(args, { 'log-level': { type: 'string' } }, DESCRIBE_HELP);
  if (values.help) return out.stdout(DESCRIBE_HELP);
  if (positionals.length === 0) throw new UsageError('No database provided', DESCRIBE_HELP);
  if (positionals.length > 1) throw new UsageError(`Unexpected argument: ${positionals[1]}`, DESCRIBE_HELP);
  const lib = await loadLibrary();
  // Read-only: a mistyped path fails instead of leaving a new empty database behind.
  const db = lib.Database.open(positionals[0], { readOnly: true, consoleLevel: logLevel(lib, values['log-level']) });
  try {
    out.stdout(db.describe());
  } finally {
    db.close();
  }
}

// ---- binary files: bin2csv, csv2bin ------------------------------------------------------------

const BIN2CSV_HELP = `\
Usage: quiver bin2csv <file> [--aggregate-time]

Writes <file>.csv from the binary file <file>.qvr and its metadata <file>.toml: a header (the
dimension columns, then the labels), then one line per cell; NULL values are written as null.
<file> is the base path; a .qvr, .toml or .csv extension is ignored.

Options:
  --aggregate-time   Replace the time dimensions by one date column (datetime when a dimension
                     is hourly) holding each cell's date
  -h, --help         Show this help
`;

const CSV2BIN_HELP = `\
Usage: quiver csv2bin <file>

Writes <file>.qvr from <file>.csv, using the metadata in <file>.toml (which is rewritten in its
canonical form). The CSV must have the layout bin2csv writes (either time form).
<file> is the base path; a .qvr, .toml or .csv extension is ignored.

Options:
  -h, --help   Show this help
`;

/** The base path of a binary file given with or without one of its extensions. */
function binaryBasePath(file) {
  return file.replace(/\.(qvr|toml|csv)$/i, '');
}

function oneFile(positionals, help) {
  if (positionals.length === 0) throw new UsageError('No file provided', help);
  if (positionals.length > 1) throw new UsageError(`Unexpected argument: ${positionals[1]}`, help);
  return binaryBasePath(positionals[0]);
}

async function bin2csv(args, out) {
  const { values, positionals } = parse(args, { 'aggregate-time': { type: 'boolean' } }, BIN2CSV_HELP);
  if (values.help) return out.stdout(BIN2CSV_HELP);
  const file = oneFile(positionals, BIN2CSV_HELP);
  const lib = await loadLibrary();
  lib.binToCsv(file, { aggregateTimeDimensions: values['aggregate-time'] === true });
}

async function csv2bin(args, out) {
  const { values, positionals } = parse(args, {}, CSV2BIN_HELP);
  if (values.help) return out.stdout(CSV2BIN_HELP);
  const file = oneFile(positionals, CSV2BIN_HELP);
  const lib = await loadLibrary();
  lib.csvToBin(file);
}

// ---- end binary files ----------------------------------------------------------------------------
// ---- studio ----------------------------------------------------------------------------------
const STUDIO_HELP = `\
Usage: quiver studio <file.db> [--port <n>] [--write] [--no-open] [--log-level <level>]

Starts Quiver Studio, a local web server for looking at a study in the browser: collections,
elements, time series as plots, a Lua console and CSV downloads. It listens on 127.0.0.1 only and
prints its URL, which holds a random access token; every request needs that token.

Options:
  --port <n>            Port on 127.0.0.1 (default: a free port)
  --write               Open the database read-write: the Lua console may keep changes
                        (default: read-only, scripts run in a dry run)
  --no-open             Do not open the browser, only print the URL
  --log-level <level>   Library console log level on stderr: debug, info, warn, error, off
                        (default: warn)
  -h, --help            Show this help

Stop it with Ctrl+C.
`;

/** lib/studio through tsx in a checkout, the built dist/studio/server.js in the package. */
async function loadStudio() {
  if (existsSync(here('../lib/studio/index.ts'))) {
    const { tsImport } = await import('tsx/esm/api');
    return tsImport('../lib/studio/index.ts', import.meta.url);
  }
  return import('../dist/studio/server.js');
}

async function studio(args, out) {
  const { values, positionals } = parse(
    args,
    { port: { type: 'string' }, write: { type: 'boolean' }, 'no-open': { type: 'boolean' }, 'log-level': { type: 'string' } },
    STUDIO_HELP,
  );
  if (values.help) return out.stdout(STUDIO_HELP);
  if (positionals.length === 0) throw new UsageError('No database provided', STUDIO_HELP);
  if (positionals.length > 1) throw new UsageError(`Unexpected argument: ${positionals[1]}`, STUDIO_HELP);
  let port = 0;
  if (values.port !== undefined) {
    port = /^\d{1,5}$/.test(values.port) ? Number(values.port) : NaN;
    if (!(port >= 0 && port <= 65535)) throw new UsageError(`Invalid port '${values.port}': expected 0 to 65535`, STUDIO_HELP);
  }
  const lib = await loadStudio();
  const consoleLevel = logLevel(lib, values['log-level']);
  let server;
  try {
    server = await lib.startStudio({ dbPath: positionals[0], port, write: values.write === true, consoleLevel });
  } catch (err) {
    throw new RunError(err instanceof Error ? err.message : String(err));
  }
  out.stdout(
    `Quiver Studio is serving ${positionals[0]} (${server.writable ? 'read-write' : 'read-only'}) at\n  ${server.url}\nPress Ctrl+C to stop.\n`,
  );
  if (!values['no-open']) lib.openBrowser(server.url);
  const stop = () => {
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
// ---- end studio ------------------------------------------------------------------------------

// ---- types -----------------------------------------------------------------------------------
const TYPES_HELP = `\
Usage: quiver types <schema.sql | migrations-dir | study.db> [-o <file.ts>]

Prints a TypeScript module describing the study: \`export interface Schema\` with every
collection's scalar attributes, vector, set and time-series groups and time-series files columns.
Open the study with \`Database.fromSchema<Schema>(…)\` (or fromMigrations / open) to have names
and values checked by the compiler.

The argument is a schema file, a migrations folder (<n>/up.sql) or a study database file (opened
read-only).

Options:
  -o, --output <file>   Write the module to <file> instead of stdout
  -h, --help            Show this help
`;

async function types(args, out) {
  const { values, positionals } = parse(args, { output: { type: 'string', short: 'o' } }, TYPES_HELP);
  if (values.help) return out.stdout(TYPES_HELP);
  if (positionals.length === 0) throw new UsageError('No schema, migrations folder or database provided', TYPES_HELP);
  if (positionals.length > 1) throw new UsageError(`Unexpected argument: ${positionals[1]}`, TYPES_HELP);
  const lib = await loadLibrary();
  const text = lib.generateTypes(positionals[0]);
  if (values.output === undefined) return out.stdout(text);
  try {
    writeFileSync(values.output, text);
  } catch (err) {
    throw new RunError(`Cannot write ${values.output}: ${err instanceof Error ? err.message : String(err)}`);
  }
  out.stdout(`Wrote ${values.output}\n`);
}
// ---- end types -------------------------------------------------------------------------------

// ---- import-csv, export-csv ------------------------------------------------------------------
const CSV_OPTIONS_HELP = `\
  --db <file>                Database file (required; must exist)
  --date-time-format <fmt>   strftime pattern of date-time cells (e.g. %d/%m/%Y)
  --enum-labels <json>       Enum labels of integer attributes, as JSON text or a .json file:
                             {"attribute": {"locale": {"Label": 1, ...}}}
  --no-progress              No progress bar (there is none anyway unless stderr is a terminal)
  --log-level <level>        Library console log level on stderr: debug, info, warn, error, off
                             (default: warn)
  -h, --help                 Show this help`;

const IMPORT_CSV_HELP = `\
Usage: quiver import-csv --db <file> <collection> [group] <file.csv> [options]

Replaces the collection's scalars (no group) or one vector, set or time-series group with the rows
of a CSV file in Quiver's format. All or nothing: a bad file, or Ctrl+C, changes nothing. Shows a
progress bar on stderr when it is a terminal; prints nothing else.

Options:
${CSV_OPTIONS_HELP}
`;

const EXPORT_CSV_HELP = `\
Usage: quiver export-csv --db <file> <collection> [group] <file.csv> [options]

Writes the collection's scalars (no group) or one group to a CSV file in Quiver's format (an
existing file is replaced once the new one is complete; Ctrl+C leaves it as it was). Shows a
progress bar on stderr when it is a terminal; prints nothing else.

Options:
${CSV_OPTIONS_HELP}
`;

const CSV_ARGS = {
  db: { type: 'string' },
  'date-time-format': { type: 'string' },
  'enum-labels': { type: 'string' },
  'no-progress': { type: 'boolean' },
  'log-level': { type: 'string' },
};

function enumLabels(text, help) {
  if (text === undefined) return undefined;
  let json = text;
  if (!text.trimStart().startsWith('{')) {
    try {
      json = readFileSync(text, 'utf8');
    } catch {
      throw new RunError(`Cannot read --enum-labels file: ${text}`);
    }
  }
  try {
    const value = JSON.parse(json);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value;
  } catch (err) {
    throw new UsageError(`Invalid --enum-labels: ${err instanceof Error ? err.message : String(err)}`, help);
  }
}

/**
 * A one-line progress bar on stderr, redrawn at most every 100 ms, or nothing at all when stderr is
 * not a terminal (piped or redirected output stays exactly the command's own).
 */
function progressBar(label, enabled) {
  const stream = process.stderr;
  if (!enabled || !stream.isTTY) return { onProgress: undefined, end() {} };
  let last = 0;
  let drawn = false;
  const draw = (done, total) => {
    const width = Math.max(10, Math.min(40, (stream.columns || 80) - label.length - 12));
    const ratio = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(ratio * width);
    stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%`);
    drawn = true;
  };
  return {
    onProgress(done, total) {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      draw(done, total);
    },
    end(ok) {
      if (!drawn) return;
      stream.write(ok ? '\n' : '\r\x1b[K');
    },
  };
}

async function csvCommand(kind, args) {
  const help = kind === 'import' ? IMPORT_CSV_HELP : EXPORT_CSV_HELP;
  const { values, positionals } = parse(args, CSV_ARGS, help);
  if (values.help) return process.stdout.write(help);
  if (values.db === undefined) throw new UsageError('No database provided (--db <file>)', help);
  if (positionals.length < 2) throw new UsageError('Expected <collection> [group] <file.csv>', help);
  if (positionals.length > 3) throw new UsageError(`Unexpected argument: ${positionals[3]}`, help);
  const [collection, group, file] = positionals.length === 3 ? positionals : [positionals[0], '', positionals[1]];
  const csvOptions = { enumLabels: enumLabels(values['enum-labels'], help) };
  if (values['date-time-format'] !== undefined) csvOptions.dateTimeFormat = values['date-time-format'];
  const lib = await loadLibrary();
  const consoleLevel = logLevel(lib, values['log-level']);
  if (!existsSync(values.db)) throw new RunError(`Database file not found: ${values.db}`);
  const db = lib.Database.open(values.db, { readOnly: kind === 'export', consoleLevel });
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  const what = group === '' ? collection : `${collection}.${group}`;
  const bar = progressBar(kind === 'import' ? `Importing ${what}` : `Exporting ${what}`, values['no-progress'] !== true);
  let ok = false;
  try {
    const options = { ...csvOptions, onProgress: bar.onProgress, signal: controller.signal };
    if (kind === 'import') await db.importCsvAsync(collection, group, file, options);
    else await db.exportCsvAsync(collection, group, file, options);
    ok = true;
  } catch (err) {
    if (err instanceof lib.QuiverError && err.code === 'QUIVER_ABORTED') {
      throw new InterruptedError(kind === 'import' ? 'Interrupted: nothing was imported' : 'Interrupted: nothing was written');
    }
    throw err;
  } finally {
    bar.end(ok);
    process.removeListener('SIGINT', interrupt);
    db.close();
  }
}
// ---- end import-csv, export-csv --------------------------------------------------------------

function packageVersion() {
  return JSON.parse(readFileSync(here('../package.json'), 'utf8')).version;
}

async function main(argv) {
  const out = { stdout: (text) => process.stdout.write(text) };
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return run(rest, out);
    case 'describe':
      return describe(rest, out);
    case 'bin2csv':
      return bin2csv(rest, out);
    case 'csv2bin':
      return csv2bin(rest, out);
    case 'studio':
      return studio(rest, out);
    case 'types':
      return types(rest, out);
    case 'import-csv':
      return csvCommand('import', rest);
    case 'export-csv':
      return csvCommand('export', rest);
    case '-h':
    case '--help':
    case 'help':
      return out.stdout(MAIN_HELP);
    case '-v':
    case '--version': {
      const lib = await loadLibrary();
      return out.stdout(`quiver ${packageVersion()} (libquiver_c ${lib.version()})\n`);
    }
    case undefined:
      throw new UsageError('No command given', MAIN_HELP);
    default:
      throw new UsageError(command.startsWith('-') ? `Unknown option '${command}'` : `Unknown command '${command}'`, MAIN_HELP);
  }
}

try {
  await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`${err.message}\n\n${err.help}`);
    process.exitCode = 2;
  } else {
    // QuiverError messages are the library's verbatim (Lua errors start "Failed to run Lua script: ").
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = err instanceof InterruptedError ? 130 : 1;
  }
}
