import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: { id: string; opts: unknown }[] = [];
let failWith: number | undefined;

vi.mock('../../../lib/docker/client.js', () => ({
  docker: () => ({
    getContainer: (id: string) => ({
      remove: async (opts: unknown) => {
        calls.push({ id, opts });
        if (failWith !== undefined) throw Object.assign(new Error(`HTTP ${failWith}`), { statusCode: failWith });
      },
    }),
  }),
  isNotFound: (e: unknown) => (e as { statusCode?: number }).statusCode === 404,
}));

const { removeContainerQuietly } = await import('../../../lib/docker/containers.js');

beforeEach(() => {
  calls.length = 0;
  failWith = undefined;
});

describe('removeContainerQuietly', () => {
  it('force-removes the container with its anonymous volumes, or keeps them when asked', async () => {
    await removeContainerQuietly('web.1');
    await removeContainerQuietly('run.1', { keepVolumes: true });
    expect(calls).toEqual([
      { id: 'web.1', opts: { force: true, v: true } },
      { id: 'run.1', opts: { force: true } },
    ]);
  });

  it('takes a container that is already gone as done', async () => {
    failWith = 404;
    await expect(removeContainerQuietly('gone')).resolves.toBeUndefined();
  });

  it('passes on any other failure, unless its status is one the caller ignores', async () => {
    failWith = 409;
    await expect(removeContainerQuietly('busy')).rejects.toThrow('HTTP 409');
    await expect(removeContainerQuietly('busy', { ignore: [409] })).resolves.toBeUndefined();
    failWith = 500;
    await expect(removeContainerQuietly('x', { ignore: [409] })).rejects.toThrow('HTTP 500');
  });
});
