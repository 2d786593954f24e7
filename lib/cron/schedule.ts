// Cron schedules as app.json writes them: five fields (minute hour day-of-month month day-of-week) or
// one of the @ shorthands. Only what both Dokku (robfig/cron) and Debian's cron accept is allowed, so a
// schedule that passes here is one the host's cron daemon runs as written.

/** Shorthands Debian cron understands and Dokku accepts (@every and @reboot are not in both). */
const SHORTHANDS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

interface Field {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const FIELDS: Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  // 7 is Sunday too in Debian cron.
  { name: 'day of week', min: 0, max: 7, names: DAYS },
];

function valueOf(word: string, f: Field): number {
  if (/^[0-9]{1,2}$/.test(word)) {
    const n = Number(word);
    if (n < f.min || n > f.max) throw new Error(`${f.name} ${word} is out of range ${f.min}-${f.max}`);
    return n;
  }
  const i = f.names?.indexOf(word.toLowerCase()) ?? -1;
  if (i >= 0) return f === FIELDS[3] ? i + 1 : i;
  throw new Error(`${f.name} ${JSON.stringify(word)} is not a number${f.names ? ' or a name' : ''}`);
}

function checkItem(item: string, f: Field): void {
  const [range, step, extra] = item.split('/');
  if (extra !== undefined) throw new Error(`${f.name} ${JSON.stringify(item)} has more than one /`);
  if (step !== undefined) {
    if (!/^[0-9]{1,2}$/.test(step) || Number(step) < 1)
      throw new Error(`${f.name} step ${JSON.stringify(step)} must be a positive number`);
  }
  if (range === '*') return;
  const ends = range.split('-');
  if (ends.length > 2 || ends.some((e) => e === ''))
    throw new Error(`${f.name} ${JSON.stringify(item)} is not a value, a range or *`);
  if (ends.length === 1) {
    // Debian cron takes a step only after * or a range.
    if (step !== undefined) throw new Error(`${f.name} step needs * or a range before it (${JSON.stringify(item)})`);
    valueOf(ends[0], f);
    return;
  }
  const [lo, hi] = ends.map((e) => valueOf(e, f));
  if (lo > hi) throw new Error(`${f.name} range ${JSON.stringify(range)} runs backwards`);
}

/**
 * Check a schedule; returns it with its fields separated by single spaces (what goes into the crontab).
 * Throws an Error whose message says what is wrong.
 */
export function normalizeSchedule(schedule: string): string {
  const s = schedule.trim();
  if (!/^[A-Za-z0-9*/,@ \t-]+$/.test(s))
    throw new Error('only digits, names, spaces and * / , - @ are allowed in a schedule');
  if (s.startsWith('@')) {
    if (!SHORTHANDS.includes(s.toLowerCase()))
      throw new Error(`unknown shorthand ${JSON.stringify(s)} (use ${SHORTHANDS.join(', ')} or five fields)`);
    return s.toLowerCase();
  }
  const fields = s.split(/[ \t]+/);
  if (fields.length !== 5)
    throw new Error(
      `expected exactly 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}` +
        (fields.length === 6 ? ' (seconds are not supported)' : ''),
    );
  fields.forEach((field, i) => {
    for (const item of field.split(',')) {
      if (item === '') throw new Error(`${FIELDS[i].name} ${JSON.stringify(field)} has an empty list item`);
      checkItem(item, FIELDS[i]);
    }
  });
  return fields.join(' ');
}
