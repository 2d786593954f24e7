// apps:report rows, with Dokku's keys (app-created-at, app-deploy-source, app-dir, app-locked...).
import fs from 'node:fs';
import { ReportRow } from '../cli/report.js';
import { paths } from '../state/paths.js';
import { GLOBAL, readProp } from '../state/props.js';
import { isAppLocked } from './deploy-lock.js';
import { liveReleaseNumber } from '../ps/store.js';
import { readDeploySource } from './settings.js';

/** Unix seconds, as Dokku prints it; apps made before the stamp existed fall back to the dir's mtime. */
function createdAt(app: string): string {
  const stamp = readProp('apps', app, 'created-at');
  if (stamp) return stamp;
  try {
    return String(Math.floor(fs.statSync(paths.appDir(app)).mtimeMs / 1000));
  } catch {
    return '';
  }
}

export function appReportRows(app: string): ReportRow[] {
  const src = readDeploySource(app);
  const live = liveReleaseNumber(app);
  return [
    { key: 'app-created-at', value: createdAt(app) },
    { key: 'app-deploy-source', value: src.source },
    { key: 'app-deploy-source-metadata', value: src.metadata },
    { key: 'app-dir', value: paths.appDir(app) },
    { key: 'app-global-disable-autocreation', value: globalDisableAutocreation() },
    { key: 'app-locked', value: String(isAppLocked(app)) },
    { key: 'app-deployed', value: String(live !== undefined) },
    { key: 'app-live-release', value: live !== undefined ? String(live) : '' },
  ];
}

/** The raw global setting, "" when unset (Dokku's app-global-disable-autocreation). */
function globalDisableAutocreation(): string {
  return readProp('apps', GLOBAL, 'disable-autocreation');
}

/** `apps:report --global`: the one global apps setting. */
export function appGlobalReportRows(): ReportRow[] {
  return [{ key: 'app-global-disable-autocreation', value: globalDisableAutocreation() }];
}
