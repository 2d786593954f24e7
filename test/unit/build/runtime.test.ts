import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  chooseNodeVersion,
  choosePythonVersion,
  firstValueLine,
  nodeMajorFor,
  pickPythonMinor,
  pythonMinorOf,
} from '../../../lib/build/runtime.js';

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

describe('pickPythonMinor: version file values as pyenv, uv and Heroku write them', () => {
  it.each([
    ['3.13', '3.13'],
    ['3.13.1', '3.13'],
    ['python-3.13.1', '3.13'],
    ['cpython-3.13', '3.13'],
    ['3.11.*', '3.11'],
    ['3', '3.11'],
    ['>=3.10', '3.11'],
    ['>=3.12', '3.13'],
    ['>=3.10,<3.12', '3.11'],
    ['~=3.11', '3.11'],
    ['~=3.13.0', '3.13'],
    ['==3.13.*', '3.13'],
    ['!=3.11', '3.13'],
    ['>3.11', '3.13'],
    ['>3.11.4', '3.11'],
    ['<3.13', '3.11'],
  ])('%s -> %s', (v, want) => {
    const c = pickPythonMinor(v, 'x');
    expect(c?.version).toBe(want);
    expect(c?.note).toBeUndefined();
  });

  it('refuses what is not a Python 3 version', () => {
    for (const v of ['2.7', 'pypy3.10', 'latest', '>=banana']) expect(pickPythonMinor(v, 'x')).toBeUndefined();
  });

  it('firstValueLine skips comments and blank lines, and a trailing comment', () => {
    expect(firstValueLine('# c\n\n  3.12  # pinned\n3.11\n')).toBe('3.12');
    expect(firstValueLine('# only\n\n')).toBeUndefined();
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
      wanted: '22.x',
    });
    expect(chooseNodeVersion(dir, {})).toEqual({ version: '18', source: '.nvmrc "v18.19.0"', wanted: '18.19.0' });
    // nvm allows comments and blank lines too.
    fs.writeFileSync(path.join(dir, '.nvmrc'), '# pinned for the CI\n\n16\n');
    expect(chooseNodeVersion(dir, {})).toEqual({ version: '16', source: '.nvmrc "16"', wanted: '16' });
    fs.writeFileSync(path.join(dir, '.nvmrc'), 'lts/*\n');
    expect(chooseNodeVersion(dir, {})).toEqual({ version: '20', source: 'default' });
  });

  it('node: an unreadable engines.node is an error, not a silent default', () => {
    expect(() => chooseNodeVersion(dir, { engines: { node: 'banana' } })).toThrow(/engines.node "banana"/);
  });

  it('python: .python-version, then runtime.txt, then 3.11', () => {
    expect(choosePythonVersion(dir)).toEqual({ version: '3.11', source: 'default' });
    fs.writeFileSync(path.join(dir, 'runtime.txt'), 'python-3.13.4\n');
    expect(choosePythonVersion(dir)).toEqual({
      version: '3.13',
      source: 'runtime.txt "python-3.13.4"',
      wanted: 'python-3.13.4',
    });
    fs.writeFileSync(path.join(dir, '.python-version'), '3.11.2\n');
    expect(choosePythonVersion(dir)).toEqual({ version: '3.11', source: '.python-version "3.11.2"', wanted: '3.11.2' });
  });

  it("python: a .python-version whose first lines are comments (Heroku's sample) is read as pyenv does", () => {
    fs.writeFileSync(
      path.join(dir, '.python-version'),
      '# The Python version to use for the project.\n# See https://devcenter.heroku.com/articles/python-runtimes\n\n3.13\n',
    );
    expect(choosePythonVersion(dir)).toEqual({ version: '3.13', source: '.python-version "3.13"', wanted: '3.13' });
  });

  it('python: a version Debian does not carry says which one runs instead, and why', () => {
    fs.writeFileSync(path.join(dir, '.python-version'), '3.12\n');
    const c = choosePythonVersion(dir);
    expect(c.version).toBe('3.13');
    expect(c.note).toBe(
      '.python-version "3.12" asks for a Python paas cannot make: the Debian releases it builds from carry ' +
        '3.11 (Debian bookworm) and 3.13 (Debian trixie); building with Python 3.13 instead ' +
        '(choose another image with: paas builder:set APP python-image IMAGE)',
    );
    fs.writeFileSync(path.join(dir, '.python-version'), '3.14\n');
    expect(choosePythonVersion(dir).version).toBe('3.13');
    fs.writeFileSync(path.join(dir, '.python-version'), '3.9.18\n');
    expect(choosePythonVersion(dir).version).toBe('3.11');
  });

  it('python: a bad version file is an error naming the file', () => {
    fs.writeFileSync(path.join(dir, 'runtime.txt'), 'ruby-3.2\n');
    expect(() => choosePythonVersion(dir)).toThrow(/runtime.txt: "ruby-3.2" is not a Python 3 version/);
  });
});
