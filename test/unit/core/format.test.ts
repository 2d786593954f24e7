import { describe, expect, it } from 'vitest';
import { jsonOrPlain } from '../../../lib/core/format.js';
import { UsageError } from '../../../lib/core/errors.js';

describe('jsonOrPlain', () => {
  it('reads json, no flag, or one of the plain names the command takes', () => {
    expect(jsonOrPlain('json')).toBe('json');
    expect(jsonOrPlain(undefined)).toBe('plain');
    expect(jsonOrPlain('stdout')).toBe('plain');
    expect(jsonOrPlain('text', ['text', 'stdout'])).toBe('plain');
    expect(jsonOrPlain('stdout', ['text', 'stdout'])).toBe('plain');
  });

  it('refuses anything else with a usage error naming the first plain form', () => {
    expect(() => jsonOrPlain('text')).toThrow(UsageError);
    expect(() => jsonOrPlain('text')).toThrow('Invalid --format value "text" (use stdout or json)');
    expect(() => jsonOrPlain('yaml', ['text'])).toThrow('Invalid --format value "yaml" (use text or json)');
    expect(() => jsonOrPlain('', ['text'])).toThrow('Invalid --format value "" (use text or json)');
    expect(() => jsonOrPlain('x', ['stdout'], 'Invalid format specified')).toThrow(/^Invalid format specified$/);
  });
});
