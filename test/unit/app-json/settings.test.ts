import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { computedAppJsonPath, rawAppJsonPath, setAppJsonProp } from '../../../lib/app-json/settings.js';
import { readAppFiles } from '../../../lib/build/app-files.js';
import { UsageError } from '../../../lib/core/errors.js';
import { paths } from '../../../lib/state/paths.js';
import { GLOBAL } from '../../../lib/state/props.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-app-json-'));
});

describe("appjson-path (Dokku's app-json:set)", () => {
  it('computes the app value, else the global one, else app.json; an empty value clears', () => {
    expect(computedAppJsonPath('a')).toBe('app.json');
    setAppJsonProp(GLOBAL, 'appjson-path', 'app.global.json');
    expect(computedAppJsonPath('a')).toBe('app.global.json');
    setAppJsonProp('a', 'appjson-path', 'app.app.json');
    expect([rawAppJsonPath('a'), rawAppJsonPath(GLOBAL), computedAppJsonPath('a')]).toEqual([
      'app.app.json',
      'app.global.json',
      'app.app.json',
    ]);
    setAppJsonProp('a', 'appjson-path', '');
    expect(rawAppJsonPath('a')).toBe('');
    expect(computedAppJsonPath('a')).toBe('app.global.json');
  });
  it('refuses paths out of the source tree and unknown properties, storing nothing', () => {
    for (const bad of ['../x.json', '/etc/passwd', 'a/../../b', 'x;y'])
      expect(() => setAppJsonProp('a', 'appjson-path', bad)).toThrow(UsageError);
    expect(() => setAppJsonProp('a', 'selected', 'x')).toThrow(/Invalid property specified/);
    expect(fs.existsSync(paths.propsNamespace('app-json'))).toBe(false);
  });
  it('the build reads app.json from that path, and a missing file is no app.json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-src-'));
    fs.writeFileSync(path.join(dir, 'app.json'), '{"scripts": {"dokku": {"predeploy": "one"}}}');
    fs.writeFileSync(path.join(dir, 'app2.json'), '{"scripts": {"dokku": {"predeploy": "two"}}} // c');
    expect(readAppFiles(dir, 'Procfile', 'app2.json').appJson).toEqual({ scripts: { dokku: { predeploy: 'two' } } });
    expect(readAppFiles(dir).appJson).toEqual({ scripts: { dokku: { predeploy: 'one' } } });
    expect(readAppFiles(dir, 'Procfile', 'app-nonexistent.json').appJson).toBeUndefined();
  });
});
