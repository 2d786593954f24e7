import { describe, expect, it } from 'vitest';
import { exportEnv, parseExportFormat, prettyEnv } from '../../../lib/config/formats.js';

const env = { B_KEY: "it's $x", A: 'hello  world$', N: '5000', Z: '007', M: 'l1\nl2', H: '<a&b>' };

describe('config:export formats (Dokku plugins/config/environment.go)', () => {
  it('exports', () => {
    expect(exportEnv(env, 'exports')).toBe(
      "export A='hello  world$'\nexport B_KEY='it'\\''s $x'\nexport H='<a&b>'\nexport M='l1\nl2'\nexport N='5000'\nexport Z='007'\n",
    );
  });
  it('envfile (godotenv, but leading zeros kept)', () => {
    expect(exportEnv(env, 'envfile')).toBe(
      'A="hello  world\\$"\nB_KEY="it\'s \\$x"\nH="<a&b>"\nM="l1\\nl2"\nN=5000\nZ="007"\n',
    );
  });
  it('docker-args and docker-args-keys', () => {
    expect(exportEnv({ A: 'x y', B: "q'" }, 'docker-args')).toBe("--env=A='x y' --env=B='q'\\'''\n");
    expect(exportEnv({ B: '1', A: '2' }, 'docker-args-keys')).toBe('--env=A --env=B\n');
    expect(exportEnv({ B: '1', A: '2' }, 'pack-keys')).toBe('--env A --env B\n');
  });
  it('shell: one line, trailing space, no newline', () => {
    expect(exportEnv({ B: 'two words', A: '1' }, 'shell')).toBe("A='1' B='two words' ");
  });
  it('json: compact, sorted, Go escaping of <, >, &', () => {
    expect(exportEnv(env, 'json')).toBe(
      '{"A":"hello  world$","B_KEY":"it\'s $x","H":"\\u003ca\\u0026b\\u003e","M":"l1\\nl2","N":"5000","Z":"007"}\n',
    );
    expect(JSON.parse(exportEnv(env, 'json'))).toEqual(env);
  });
  it('json-list: [{name, value}] sorted by name', () => {
    expect(exportEnv({ B: '2', A: '1' }, 'json-list')).toBe('[{"name":"A","value":"1"},{"name":"B","value":"2"}]\n');
    expect(exportEnv({}, 'json-list')).toBe('[]\n');
    expect(exportEnv({}, 'json')).toBe('{}\n');
  });
  it('pretty: keys padded to the longest, two spaces', () => {
    expect(prettyEnv({ LONGER: 'x', A: 'y' })).toBe('A:       y\nLONGER:  x');
    expect(prettyEnv({ A: '1' }, '       ')).toBe('       A:  1');
    expect(exportEnv({ A: '1' }, 'pretty')).toBe('A:  1\n');
  });
  it('an empty env', () => {
    expect(exportEnv({}, 'exports')).toBe('\n');
    expect(exportEnv({}, 'shell')).toBe(' ');
  });
  it('format names', () => {
    expect(parseExportFormat(undefined)).toBe('exports');
    expect(parseExportFormat('json-list')).toBe('json-list');
    expect(() => parseExportFormat('yaml')).toThrow(/Unknown export format: yaml/);
  });
});
