import { describe, expect, it } from 'vitest';
import { entrypointTaskArgs } from '../../../lib/deploy/tasks.js';

describe("task command with an image ENTRYPOINT (Dokku's app-json-2.bats)", () => {
  it("gives the entrypoint the task's words, as Dokku does", () => {
    expect(entrypointTaskArgs('touch /app/predeploy.test', ['./entrypoint'])).toEqual(['touch', '/app/predeploy.test']);
    expect(entrypointTaskArgs(' echo "a b" ', ['docker-entrypoint.sh'])).toEqual(['echo', 'a b']);
  });
  it('runs through the shell without an entrypoint, behind tini, or when the command needs a shell', () => {
    expect(entrypointTaskArgs('touch /app/x', undefined)).toBeUndefined();
    expect(entrypointTaskArgs('touch /app/x', [])).toBeUndefined();
    expect(entrypointTaskArgs('touch /app/x', ['/tini', '--'])).toBeUndefined();
    expect(entrypointTaskArgs('migrate && seed', ['./entrypoint'])).toBeUndefined();
    expect(entrypointTaskArgs('echo "unterminated', ['./entrypoint'])).toBeUndefined();
  });
});
