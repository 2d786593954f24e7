// Which named entry each entry mount of an app came from (Dokku's attachments): props storage/APP/attachments,
// one "ENTRY:CONTAINER_PATH" a line. The mount itself stays a plain mount line (deploys need nothing
// new); this record lets storage:report name the entry and notice when the entry has since gone.
import { readListProp, writeListProp } from '../state/props.js';
import { warn } from '../core/log.js';
import { readMounts } from './mounts.js';
import { readEntry } from './entries.js';

const NS = 'storage';
const KEY = 'attachments';

/** One storage:report row (the shape lib/cli/report.ts prints). */
export interface AttachmentRow {
  key: string;
  label: string;
  value: string;
}

export interface Attachment {
  entry: string;
  target: string;
}

export function readAttachments(app: string): Attachment[] {
  return readListProp(NS, app, KEY).map((line) => {
    const i = line.indexOf(':');
    return { entry: line.slice(0, i), target: line.slice(i + 1) };
  });
}

function write(app: string, list: Attachment[]): void {
  writeListProp(
    NS,
    app,
    KEY,
    list.map((a) => `${a.entry}:${a.target}`),
  );
}

/** Record (or move) the attachment on a container path. */
export function recordAttachment(app: string, entry: string, target: string): void {
  write(app, [...readAttachments(app).filter((a) => a.target !== target), { entry, target }]);
}

/** Forget the attachments on these container paths (the mounts are gone). */
export function forgetAttachments(app: string, targets: string[]): void {
  const list = readAttachments(app);
  const rest = list.filter((a) => !targets.includes(a.target));
  if (rest.length !== list.length) write(app, rest);
}

/**
 * storage:report's per-attachment rows, numbered from 1 in attachment order. An attachment whose entry
 * no longer exists is skipped with a warning (Dokku's graceful degrade); one whose mount is gone is skipped.
 */
export function attachmentRows(app: string): AttachmentRow[] {
  const mounts = readMounts(app);
  const rows: AttachmentRow[] = [];
  let index = 0;
  for (const a of readAttachments(app)) {
    const m = mounts.find((x) => x.target === a.target);
    if (!m) continue;
    const entry = readEntry(a.entry);
    if (!entry) {
      warn(`Skipping attachment on "${app}": missing entry "${a.entry}"`);
      continue;
    }
    index++;
    const words = m.options ? m.options.split(',') : [];
    const fields: [string, string][] = [
      ['entry-name', entry.name],
      ['host-path', entry.host_path],
      ['container-path', m.target],
      ['phases', 'deploy,run'],
      ['process-type', '_default_'],
      ['subpath', ''],
      ['readonly', String(words.includes('ro'))],
      ['volume-options', words.filter((w) => w !== 'ro').join(',')],
      ['volume-chown', ''],
    ];
    for (const [field, value] of fields)
      rows.push({
        key: `storage-attachment.${index}.${field}`,
        label: `Storage attachment ${index} ${field.replace(/-/g, ' ')}`,
        value,
      });
  }
  return rows;
}
