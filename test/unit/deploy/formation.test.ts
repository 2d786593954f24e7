import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  checkScaleChanges,
  effectiveScale,
  formationForDeploy,
  formationFromAppJson,
  parseScale,
  readScale,
  seedFormation,
  serializeScale,
  writeScale,
} from '../../../lib/deploy/formation.js';
import { readProp, writeProp } from '../../../lib/state/props.js';
import { writeRelease } from '../../../lib/release/store.js';
import { Release } from '../../../lib/release/types.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-formation-'));
});

function rel(processes: Record<string, string>, formation?: Record<string, number>): Release {
  return {
    app: 'a',
    number: 1,
    image: 'paas/a:v1',
    builder: 'x',
    config: {},
    processes,
    rev: '',
    pushedBy: 'me',
    createdAt: '',
    live: false,
    formation,
  };
}

describe('parseScale', () => {
  it('reads proc=n lines with comments and spaces', () => {
    expect(parseScale('# scale\nweb=2\n\n worker = 1 \nclock=0 # off\n')).toEqual({ web: 2, worker: 1, clock: 0 });
  });
  it('refuses bad lines, bad names and absurd counts', () => {
    expect(() => parseScale('web:2')).toThrow(/Invalid scale line "web:2"/);
    expect(() => parseScale('web=-1')).toThrow(/Invalid scale line/);
    expect(() => parseScale('we b=1')).toThrow(/Invalid scale line/);
    expect(() => parseScale('web=1000')).toThrow(/from 0 to 100/);
    expect(() => parseScale('../x=1')).toThrow(/Invalid process type/);
  });
  it('serializes web first then alphabetically', () => {
    expect(serializeScale({ worker: 1, clock: 0, web: 3 })).toBe('web=3\nclock=0\nworker=1');
    expect(parseScale(serializeScale({ worker: 1, web: 3 }))).toEqual({ web: 3, worker: 1 });
  });
});

describe('seeding', () => {
  it('reads app.json formation quantities', () => {
    expect(formationFromAppJson({ formation: { web: { quantity: 2 }, worker: { quantity: 1 }, clock: {} } })).toEqual({
      web: 2,
      worker: 1,
    });
    expect(formationFromAppJson(undefined)).toEqual({});
    expect(() => formationFromAppJson({ formation: [] })).toThrow(/must be an object/);
    expect(() => formationFromAppJson({ formation: { web: { quantity: 'lots' } } })).toThrow(/Invalid count/);
  });
  it('app.json formation wins over DOKKU_SCALE', () => {
    expect(seedFormation('web=1\nworker=2', { formation: { web: { quantity: 3 } } })).toEqual({ web: 3, worker: 2 });
  });
});

describe('effectiveScale', () => {
  it('defaults to web=1 and others 0', () => {
    expect(effectiveScale({ web: 'x', worker: 'y' }, undefined)).toEqual({ web: 1, worker: 0 });
  });
  it('uses the seed only when nothing is stored', () => {
    expect(effectiveScale({ web: 'x', worker: 'y' }, undefined, { worker: 2 })).toEqual({ web: 1, worker: 2 });
    expect(effectiveScale({ web: 'x', worker: 'y' }, { web: 2 }, { worker: 2 })).toEqual({ web: 2, worker: 0 });
  });
  it('drops types absent from the Procfile', () => {
    expect(effectiveScale({ web: 'x' }, { web: 2, old: 4 })).toEqual({ web: 2 });
  });
});

describe('stored formation', () => {
  it('writes ps/APP/scale and reads it back', () => {
    writeScale('a', { worker: 2, web: 1 });
    expect(readProp('ps', 'a', 'scale')).toBe('web=1\nworker=2');
    expect(readScale('a')).toEqual({ web: 1, worker: 2 });
    expect(() => writeScale('a', { web: -1 })).toThrow();
  });
  it('readScale follows the live release when nothing is stored', () => {
    expect(readScale('a')).toEqual({ web: 1 });
    writeRelease(rel({ web: 'x', worker: 'y' }, { worker: 3 }));
    writeProp('ps', 'a', 'live-release', '1');
    expect(readScale('a')).toEqual({ web: 1, worker: 3 });
  });
  it('a deploy seeds the scale the first time, then keeps what is stored, dropping old types; it writes nothing', () => {
    expect(formationForDeploy('a', rel({ web: 'x', worker: 'y' }, { web: 2 }))).toEqual({ web: 2, worker: 0 });
    expect(readProp('ps', 'a', 'scale')).toBe('');
    writeScale('a', { web: 2, worker: 4 });
    expect(formationForDeploy('a', rel({ web: 'x', clock: 'z' }, { web: 9 }))).toEqual({ web: 2, clock: 0 });
    expect(readProp('ps', 'a', 'scale')).toBe('web=2\nworker=4');
  });
});

// dokku tests/unit/ps-herokuish-2.bats "(ps:scale) herokuish": `ps:scale APP web=0 worker=0 invalid-process=0`
describe('checkScaleChanges', () => {
  it('lets a type the release lacks be scaled to 0 (a no-op) but not up', () => {
    expect(checkScaleChanges({ web: 0, worker: 0, 'invalid-process': 0 }, ['web', 'worker'])).toEqual({
      changes: { web: 0, worker: 0 },
      ignored: ['invalid-process'],
      unknown: [],
    });
    expect(checkScaleChanges({ web: 2, clock: 1 }, ['web', 'worker'])).toEqual({
      changes: { web: 2 },
      ignored: [],
      unknown: ['clock'],
    });
  });
});
