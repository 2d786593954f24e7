import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import { dispatch } from '../../../lib/cli/dispatch.js';
import { readBuildpacks } from '../../../lib/buildpacks/store.js';
import { paths } from '../../../lib/state/paths.js';
import { capture } from '../cli/capture.js';

const PY = 'https://github.com/heroku/heroku-buildpack-python.git';
const NODE = 'https://github.com/heroku/heroku-buildpack-nodejs.git';
const PHP = 'https://github.com/heroku/heroku-buildpack-php.git';
const CHROME = 'https://github.com/heroku/heroku-buildpack-google-chrome';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-buildpacks-'));
  createApp('a1');
});

async function run(...argv: string[]) {
  return capture(() => dispatch(argv));
}

/** Every state file but locks and the audit trail (which records refused commands too). */
function propsSnapshot(): string {
  const dir = path.join(paths.root());
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!p.startsWith(paths.locksDir()) && p !== paths.eventsLog())
        files.push(`${p}=${fs.readFileSync(p, 'utf8')}`);
    }
  };
  walk(dir);
  return files.sort().join('\n');
}

describe('buildpacks commands', () => {
  it('add, add --index, set --index, remove, list and clear as in Dokku', async () => {
    expect((await run('buildpacks:add', 'a1', 'heroku/nodejs')).error).toBeUndefined();
    await run('buildpacks:add', 'a1', 'heroku/php');
    await run('buildpacks:add', '--index', '1', 'a1', CHROME);
    expect(readBuildpacks('a1')).toEqual([CHROME, NODE, PHP]);
    await run('buildpacks:set', '--index', '2', 'a1', 'heroku/python');
    expect(readBuildpacks('a1')).toEqual([CHROME, PY, PHP]);
    await run('buildpacks:set', '--index', '99', 'a1', 'heroku/nodejs');
    expect(readBuildpacks('a1')).toEqual([CHROME, PY, PHP, NODE]);
    await run('buildpacks:remove', 'a1', 'heroku/php');
    await run('buildpacks:remove', 'a1', '--index', '3');
    expect(readBuildpacks('a1')).toEqual([CHROME, PY]);
    const list = await run('--quiet', 'buildpacks:list', 'a1');
    expect(list.stdout).toBe(`${CHROME}\n${PY}\n`);
    const full = await run('buildpacks:list', 'a1');
    expect(full.stderr).toContain('-----> a1 buildpack urls\n');
    expect(full.stdout).toContain(`       ${PY}\n`);
    await run('buildpacks:set', '--replace', 'a1', 'heroku/php', 'heroku/nodejs');
    expect(readBuildpacks('a1')).toEqual([PHP, NODE]);
    await run('buildpacks:clear', 'a1');
    expect(readBuildpacks('a1')).toEqual([]);
  });
  it('refuses bad input with one line and changes nothing', async () => {
    await run('buildpacks:add', 'a1', 'heroku/python');
    const before = propsSnapshot();
    const cases: [string[], RegExp][] = [
      [['buildpacks:add', 'a1'], /Usage/],
      [['buildpacks:add', 'a1', 'nodejs'], /Invalid buildpack/],
      [['buildpacks:add', 'a1', 'http://nodejs'], /Invalid buildpack/],
      [
        ['buildpacks:add', 'a1', 'https://github.com/heroku/heroku-buildpack-ruby'],
        /Unsupported buildpack.*Dockerfile/,
      ],
      [['buildpacks:add', '--index', '0', 'a1', 'heroku/php'], /--index/],
      [['buildpacks:add', '--index', 'x', 'a1', 'heroku/php'], /--index/],
      [['buildpacks:add', 'nope', 'heroku/php'], /nope/],
      [['buildpacks:set', 'a1'], /Must specify a buildpack/],
      [['buildpacks:set', 'a1', 'heroku/php', 'heroku/nodejs'], /--replace/],
      [['buildpacks:set', '--replace', 'a1'], /buildpacks:clear/],
      [['buildpacks:set', '--replace', '--index', '1', 'a1', 'heroku/php'], /--index/],
      [['buildpacks:set', '--replace', 'a1', 'heroku/php', 'nodejs'], /Invalid buildpack/],
      [['buildpacks:remove', 'a1'], /either by index or URL/],
      [['buildpacks:remove', 'a1', 'heroku/python', '--index', '1'], /not both/],
      [['buildpacks:remove', 'a1', 'heroku/php'], /not set/],
      [['buildpacks:remove', 'a1', '--index', '5'], /out of range/],
      [['buildpacks:set-property', 'a1', 'colour', 'x'], /Invalid buildpacks property/],
      [['buildpacks:set-property', 'a1', 'stack', 'Not An Image'], /Invalid stack/],
    ];
    for (const [argv, re] of cases) {
      const r = await run(...argv);
      expect((r.error as Error | undefined)?.message, argv.join(' ')).toMatch(re);
    }
    expect(propsSnapshot()).toBe(before);
  });
  it('remove on an app without buildpacks says detection applies', async () => {
    const r = await run('buildpacks:remove', 'a1', 'heroku/php');
    expect((r.error as Error).message).toMatch(
      /No buildpacks were found, next release on a1 will detect buildpack normally/,
    );
  });
  it("reports Dokku's keys, in text and JSON, and stores the stack", async () => {
    await run('buildpacks:add', 'a1', 'heroku/python');
    await run('buildpacks:add', 'a1', 'heroku/nodejs');
    await run('buildpacks:set-property', '--global', 'stack', 'paas/debian:bookworm');
    const r = await run('buildpacks:report', 'a1', '--format', 'json');
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({
      'computed-stack': 'paas/debian:bookworm',
      'global-stack': 'paas/debian:bookworm',
      list: `${PY},${NODE}`,
      stack: '',
      'buildpacks-list': `${PY},${NODE}`,
    });
    await run('buildpacks:set-property', 'a1', 'stack', 'paas/python:3.11');
    expect((await run('buildpacks:report', 'a1', '--buildpacks-computed-stack')).stdout).toBe('paas/python:3.11\n');
    const text = await run('buildpacks:report', 'a1');
    expect(text.stdout).toMatch(
      /=====> a1 buildpacks information\n\s+Buildpacks computed stack:\s+paas\/python:3.11\n/,
    );
    await run('buildpacks:set-property', 'a1', 'stack');
    expect((await run('buildpacks:report', 'a1', '--buildpacks-stack')).stdout).toBe('\n');
  });
});

describe('access', () => {
  it('every buildpacks command is an app command (user keys on their apps), as builder:set is', async () => {
    const { commands } = await import('../../../lib/buildpacks/commands.js');
    expect(commands.map((c) => [c.name, c.access])).toEqual(commands.map((c) => [c.name, 'app']));
  });
});
