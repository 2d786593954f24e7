import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import { destroyApp, renameApp } from '../../../lib/lifecycle/apps.js';
import { emitAppEvent, registeredNamespaces } from '../../../lib/lifecycle/app-events.js';
import { KINDS } from '../../../lib/services/kinds.js';
import { newCredentials, readLinks, writeCredentials, writeLinks } from '../../../lib/services/store.js';
import { capture } from '../cli/capture.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-events-'));
});

function linkedService(name: string, apps: string[]) {
  const def = KINDS.postgres;
  writeCredentials(def, name, newCredentials(def, name));
  writeLinks(def, name, apps);
  return def;
}

describe('app events', () => {
  it('registers namespaces in a fixed order', () => {
    expect(registeredNamespaces()).toEqual(expect.arrayContaining(['domains', 'services']));
  });

  it('service links follow a rename and go with a destroy', async () => {
    createApp('web');
    createApp('api');
    const def = linkedService('db', ['web', 'api']);
    await capture(() => renameApp('web', 'site'));
    expect(readLinks(def, 'db')).toEqual(['api', 'site']);
    await capture(() => destroyApp('site'));
    expect(readLinks(def, 'db')).toEqual(['api']);
  });

  it('returns handler failures instead of stopping at the first', async () => {
    // A service whose links file is a directory makes the services handler fail; domains still runs.
    linkedService('broken', ['x']);
    fs.rmSync(path.join(process.env.PAAS_ROOT!, 'services', 'postgres', 'broken', 'links'));
    fs.mkdirSync(path.join(process.env.PAAS_ROOT!, 'services', 'postgres', 'broken', 'links'));
    const failures = await emitAppEvent('destroyed', 'x');
    expect(failures.map((f) => f.namespace)).toEqual(['services']);
  });
});
