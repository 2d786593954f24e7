// Collect what the code under test writes to stdout and stderr.
import { vi } from 'vitest';

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
