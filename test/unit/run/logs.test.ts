import { describe, expect, it } from 'vitest';
import { demuxFrames, formatLogLine, parseTimestamped } from '../../../lib/logs/read.js';
import { logsOptions, mergeByTime } from '../../../lib/logs/commands.js';

function frame(stream: number, text: string): Buffer {
  const body = Buffer.from(text);
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(body.length, 4);
  return Buffer.concat([h, body]);
}

describe('log reading', () => {
  it('demultiplexes docker frames from stdout and stderr', () => {
    expect(demuxFrames(Buffer.concat([frame(1, 'a\n'), frame(2, 'err\n'), frame(1, 'b\n')]))).toBe('a\nerr\nb\n');
    expect(demuxFrames(Buffer.from('plain tty text\n'))).toBe('plain tty text\n');
  });
  it('splits timestamped lines', () => {
    expect(parseTimestamped('2024-01-02T03:04:05.123456789Z hello world\n2024-01-02T03:04:06Z \nno stamp\r\n')).toEqual(
      [
        { ts: '2024-01-02T03:04:05.123456789Z', text: 'hello world' },
        { ts: '2024-01-02T03:04:06Z', text: '' },
        { ts: '', text: 'no stamp' },
      ],
    );
  });
  it('formats lines like Dokku', () => {
    expect(formatLogLine({ ts: '2024-01-02T03:04:05Z', text: 'hi' }, 'web.1', false)).toBe(
      '2024-01-02T03:04:05Z app[web.1]: hi',
    );
    expect(formatLogLine({ ts: '2024-01-02T03:04:05Z', text: 'hi' }, 'web.1', true)).toBe('hi');
  });
  it('merges containers in time order', () => {
    const merged = mergeByTime([
      {
        dyno: 'web.1',
        lines: [
          { ts: '2024-01-01T00:00:01Z', text: 'a' },
          { ts: '2024-01-01T00:00:03Z', text: 'c' },
        ],
      },
      { dyno: 'web.2', lines: [{ ts: '2024-01-01T00:00:02Z', text: 'b' }] },
    ]);
    expect(merged.map((m) => `${m.dyno}:${m.line.text}`)).toEqual(['web.1:a', 'web.2:b', 'web.1:c']);
  });
});

describe('logsOptions', () => {
  it('reads Dokku flags, long and short', () => {
    expect(logsOptions({ args: ['a'], flags: {} })).toEqual({ num: 100, follow: false, proc: undefined, quiet: false });
    expect(logsOptions({ args: ['a'], flags: { n: '5', t: true, p: 'worker', q: true } })).toEqual({
      num: 5,
      follow: true,
      proc: 'worker',
      quiet: true,
    });
    expect(logsOptions({ args: ['a'], flags: { num: '0', tail: true, ps: 'web', quiet: true } })).toMatchObject({
      num: undefined,
      follow: true,
      proc: 'web',
    });
    expect(() => logsOptions({ args: ['a'], flags: { n: 'ten' } })).toThrow(/--num/);
    expect(() => logsOptions({ args: ['a'], flags: { p: '../x' } })).toThrow(/process type/);
  });
});
