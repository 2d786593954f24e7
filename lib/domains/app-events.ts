// What the domains namespace does when an app changes name or is cloned: the default domain
// (APP.<global domain>) follows the new name; a clone does not take the source's custom domains.
import { AppEventHandlers } from '../core/app-events.js';
import { warn } from '../core/log.js';
import { appDomains, globalDomains, hasAppDomains, writeAppDomains } from './store.js';

function renameDefaultDomains(from: string, to: string, list: string[], dropOthers: boolean): string[] {
  const defaults = new Map(globalDomains().map((g) => [`${from}.${g}`, `${to}.${g}`]));
  const kept: string[] = [];
  for (const d of list) {
    const renamed = defaults.get(d);
    if (renamed) kept.push(renamed);
    else if (!dropOthers) kept.push(d);
    else warn(`Domain ${d} stays with ${from}; add it to ${to} with domains:add after removing it from ${from}`);
  }
  return kept;
}

export const appEvents: AppEventHandlers = {
  // The props already moved with the app: rewrite the target's own list.
  renamed(from, to) {
    if (hasAppDomains(to)) writeAppDomains(to, renameDefaultDomains(from, to, appDomains(to), false));
  },
  // The props were copied: the clone's list is made from the source's.
  cloned(from, to) {
    if (hasAppDomains(from)) writeAppDomains(to, renameDefaultDomains(from, to, appDomains(from), true));
  },
};
