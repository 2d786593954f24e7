// What the services namespace does when an app goes away or changes name: its links follow
// (Dokku's postgres/redis post-delete and post-app-rename).
import { AppEventHandlers } from '../core/app-events.js';
import { KINDS } from './kinds.js';
import { listServices, readLinks, writeLinks } from './store.js';

function replaceLink(app: string, replacement: string | undefined): void {
  for (const def of Object.values(KINDS)) {
    for (const name of listServices(def)) {
      const links = readLinks(def, name);
      if (!links.includes(app)) continue;
      const next = links.filter((a) => a !== app);
      if (replacement && !next.includes(replacement)) next.push(replacement);
      writeLinks(def, name, next);
    }
  }
}

export const appEvents: AppEventHandlers = {
  destroyed: (app) => replaceLink(app, undefined),
  renamed: (from, to) => replaceLink(from, to),
};
