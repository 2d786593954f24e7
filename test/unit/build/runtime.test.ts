import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { chooseNodeVersion, choosePythonVersion, nodeMajorFor, pythonMinorOf } from '../../../lib/build/runtime.js';

describe('nodeMajorFor', () => {
  it.each([
    ['18', 18],
    ['18.x', 18],
    ['^18.17.0', 18],
    ['~16.20', 16],
    ['v22.1.0', 22],
    ['>=18', 20],
    ['>= 18.0.0', 20],
    ['>=21', 21],
    ['>18', 20],
    ['<20', 19],
    ['<20.5', 20],
    ['>=16 <19', 18],
    ['16 - 18', 18],
    ['^16 || ^18', 18],
    ['^18 || ^20', 20],
    ['*', 20],
    ['22.x || 24.x', 24],
  ])('%s -> %s', (range, major) => {
    expect(nodeMajorFor(range, 20)).toBe(major);
  });

  it('gives undefined for ranges it cannot read', () => {
    expect(nodeMajorFor('latest')).toBeUndefined();
    expect(nodeMajorFor('>=20 <18')).toBeUndefined();
  });
});

describe('pythonMinorOf', () => {
  it.each([
    ['3.11', '3.11'],
    ['3.12.1', '3.12'],
    ['python-3.10.13', '3.10'],
    ['3.13.0rc1', '3.13'],
    ['2.7', undefined],
    ['pypy3', undefined],
  ])('%s -> %s', (v, want) => {
    expect(pythonMinorOf(v)).toBe(want);
  });
});

describe('choosing runtime versions from a source tree', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-rt-'));
  });

  it('node: engines.node wins over .nvmrc, .nvmrc over the default', () => {
    fs.writeFileSync(path.join(dir, '.nvmrc'), 'v18.19.0\n');
    expect(chooseNodeVersion(dir, { engines: { node: '22.x' } })).toEqual({
      version: '22',
      source: 'package.json engines.node "22.x"',
    });
    expect(chooseNodeVersion(dir, {})).toEqual({ version: '18', source: '.nvmrc "v18.19.0"' });
    fs.writeFileSync(path.join(dir, '.nvmrc'), 'lts/*\n');
    expect(chooseNodeVersion(dir, {})).toEqual({ version: '20', source: 'default' });
  });

  it('node: an unreadable engines.node is an error, not a silent default', () => {
    expect(() => chooseNodeVersion(dir, { engines: { node: 'banana' } })).toThrow(/engines.node "banana"/);
  });

  it('python: .python-version, then runtime.txt, then 3.11', () => {
    expect(choosePythonVersion(dir)).toEqual({ version: '3.11', source: 'default' });
    fs.writeFileSync(path.join(dir, 'runtime.txt'), 'python-3.10.4\n');
    expect(choosePythonVersion(dir).version).toBe('3.10');
    fs.writeFileSync(path.join(dir, '.python-version'), '3.12.2\n');
    expect(choosePythonVersion(dir)).toEqual({ version: '3.12', source: '.python-version "3.12.2"' });
  });

  it('python: a bad version file is an error naming the file', () => {
    fs.writeFileSync(path.join(dir, 'runtime.txt'), 'ruby-3.2\n');
    expect(() => choosePythonVersion(dir)).toThrow(/runtime.txt: "ruby-3.2" is not a Python 3 version/);
  });
});
