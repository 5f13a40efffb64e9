// Hand-written CSV for the reference side of workload 7, in Quiver's file format:
// a `sep=,` line, a header, LF line ends, fields quoted only when they hold a comma, space or LF.

const NEEDS_QUOTES = /[, \n]/;

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: readonly (string | number | null)[]): string {
  let line = csvField(fields[0] ?? null);
  for (let i = 1; i < fields.length; i++) line += ',' + csvField(fields[i] ?? null);
  return line + '\n';
}

/** Splits one record; quoted fields may contain commas and doubled quotes. Cells are trimmed. */
function splitQuoted(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') out.push(field.trim()), (field = '');
    else field += ch;
  }
  out.push(field.trim());
  return out;
}

/**
 * Parses a whole file into records (header first). The fast path splits lines with no quote at
 * all; quoted lines go through splitQuoted. Quoted line breaks are re-joined before splitting.
 */
export function parseCsv(text: string): string[][] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let start = 0;
  if (lines[0]?.startsWith('sep=')) start = 1;
  const records: string[][] = [];
  for (let i = start; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.indexOf('"') === -1) {
      const cells = line.split(',');
      for (let c = 0; c < cells.length; c++) cells[c] = cells[c]!.trim();
      records.push(cells);
      continue;
    }
    // An odd number of quotes means the field continues on the next physical line.
    while ((line.match(/"/g)!.length & 1) === 1 && i + 1 < lines.length) line += '\n' + lines[++i];
    records.push(splitQuoted(line));
  }
  return records;
}
