import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { paths } from '../../../lib/state/paths.js';
import {
  GLOBAL,
  copyAppProps,
  hasProp,
  listPropKeys,
  listPropNamespaces,
  readListProp,
  readProp,
  readPropWithGlobal,
  removeAppProps,
  removeProp,
  setOrClearProp,
  writeListProp,
  writeProp,
} from '../../../lib/state/props.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-props-'));
});

describe('props', () => {
  it('reads, writes and removes one value per file', () => {
    expect(readProp('ns', 'a', 'k')).toBe('');
    expect(readProp('ns', 'a', 'k', 'dflt')).toBe('dflt');
    writeProp('ns', 'a', 'k', 'v 1');
    expect(fs.readFileSync(paths.prop('ns', 'a', 'k'), 'utf8')).toBe('v 1\n');
    expect(readProp('ns', 'a', 'k')).toBe('v 1');
    expect(hasProp('ns', 'a', 'k')).toBe(true);
    removeProp('ns', 'a', 'k');
    expect(hasProp('ns', 'a', 'k')).toBe(false);
  });
  it('keeps an explicitly empty value apart from a missing one', () => {
    writeProp('ns', 'a', 'k', '');
    expect(readProp('ns', 'a', 'k', 'dflt')).toBe('');
  });
  it('falls back from app to global to default', () => {
    expect(readPropWithGlobal('ns', 'a', 'k', 'd')).toBe('d');
    writeProp('ns', GLOBAL, 'k', 'g');
    expect(readPropWithGlobal('ns', 'a', 'k', 'd')).toBe('g');
    writeProp('ns', 'a', 'k', 'app');
    expect(readPropWithGlobal('ns', 'a', 'k', 'd')).toBe('app');
    expect(readProp('ns', GLOBAL, 'k')).toBe('g');
  });
  it('setOrClearProp removes on empty', () => {
    setOrClearProp('ns', 'a', 'k', 'x');
    expect(readProp('ns', 'a', 'k')).toBe('x');
    setOrClearProp('ns', 'a', 'k', '');
    expect(hasProp('ns', 'a', 'k')).toBe(false);
    setOrClearProp('ns', 'a', 'k', undefined);
    expect(hasProp('ns', 'a', 'k')).toBe(false);
  });
  it('lists one item per line', () => {
    writeListProp('ns', 'a', 'l', ['x', 'y']);
    expect(readListProp('ns', 'a', 'l')).toEqual(['x', 'y']);
    writeListProp('ns', 'a', 'l', []);
    expect(hasProp('ns', 'a', 'l')).toBe(false);
    expect(readListProp('ns', 'a', 'l')).toEqual([]);
  });
  it('lists keys and namespaces', () => {
    writeProp('b', 'a', 'k2', '1');
    writeProp('b', 'a', 'k1', '1');
    writeProp('a', 'a', 'k', '1');
    expect(listPropKeys('b', 'a')).toEqual(['k1', 'k2']);
    expect(listPropKeys('none', 'a')).toEqual([]);
    fs.writeFileSync(path.join(process.env.PAAS_ROOT!, 'props', '.marker'), '');
    expect(listPropNamespaces()).toEqual(['a', 'b']);
  });
  it('removes, copies and moves all props of an app and nothing else', () => {
    writeProp('n1', 'a', 'k', '1');
    writeProp('n2', 'a', 'k', '2');
    writeProp('n1', 'other', 'k', 'o');
    writeProp('n1', GLOBAL, 'k', 'g');
    copyAppProps('a', 'b', false);
    expect(readProp('n1', 'b', 'k')).toBe('1');
    expect(readProp('n1', 'a', 'k')).toBe('1');
    copyAppProps('a', 'c', true);
    expect(readProp('n2', 'c', 'k')).toBe('2');
    expect(hasProp('n2', 'a', 'k')).toBe(false);
    removeAppProps('b');
    expect(hasProp('n1', 'b', 'k')).toBe(false);
    expect(readProp('n1', 'other', 'k')).toBe('o');
    expect(readProp('n1', GLOBAL, 'k')).toBe('g');
  });
});
