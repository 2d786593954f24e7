// Collect what the code under test writes to stdout and stderr.
import { vi } from 'vitest';
import { CommandSpec, parseArgs } from '../../../lib/cli/command.js';

export async function capture<T>(
  fn: () => Promise<T> | T,
): Promise<{ result?: T; error?: unknown; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    stdout += String(c);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    stderr += String(c);
    return true;
  });
  try {
    return { result: await fn(), stdout, stderr };
  } catch (error) {
    return { error, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** Run one of a namespace's commands as `paas NAME ARGV...` would, quietly: its stdout, or its error thrown. */
export async function runCommand(specs: CommandSpec[], name: string, ...argv: string[]): Promise<string> {
  const spec = specs.find((c) => c.name === name);
  if (!spec) throw new Error(`no command ${name} in these specs`);
  const r = await capture(() => spec.run.call(spec, parseArgs(spec, argv)));
  if ('error' in r) throw r.error;
  return r.stdout;
}
