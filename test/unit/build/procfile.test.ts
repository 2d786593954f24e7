import { describe, expect, it } from 'vitest';
import { parseProcfile } from '../../../lib/build/procfile.js';

describe('parseProcfile', () => {
  it('reads process types and keeps release apart', () => {
    const p = parseProcfile(
      'web: gunicorn -b 0.0.0.0:$PORT app:app\nworker:  python worker.py \nrelease: python manage.py migrate\n',
    );
    expect(p).toEqual({
      processes: { web: 'gunicorn -b 0.0.0.0:$PORT app:app', worker: 'python worker.py' },
      release: 'python manage.py migrate',
    });
  });

  it('skips comments, blank lines, CRLF and a BOM', () => {
    const p = parseProcfile(
      '\uFEFF# comment\r\n\r\n  web: npm start\r\n   # indented comment\r\nclock_1: node clock.js\r\n',
    );
    expect(p).toEqual({ processes: { web: 'npm start', clock_1: 'node clock.js' } });
  });

  it('has no release key when there is no release line', () => {
    expect('release' in parseProcfile('web: x')).toBe(false);
  });

  it('refuses a line that is not name: command, naming the line', () => {
    expect(() => parseProcfile('web: ok\nthis is not valid\n')).toThrow(/line 2 is invalid/);
    expect(() => parseProcfile('we b: x')).toThrow(/line 1 is invalid/);
    expect(() => parseProcfile('-web: x')).toThrow(/line 1 is invalid/);
  });

  it('refuses an empty command and a duplicate type', () => {
    expect(() => parseProcfile('web:\n')).toThrow(/"web" has no command/);
    expect(() => parseProcfile('web: a\nweb: b\n')).toThrow(/line 2: process type "web" is defined twice/);
  });

  it('an empty Procfile has no processes', () => {
    expect(parseProcfile('')).toEqual({ processes: {} });
  });
});
