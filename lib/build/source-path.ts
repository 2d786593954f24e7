// The pushed source may hold symlinks to anywhere (they are committed as links): paas reads and builds
// only what resolves inside the source tree, so a link cannot hand it another app's files or the host's.
import fs from 'node:fs';
import path from 'node:path';
import { PaasError } from '../core/errors.js';

function within(real: string, realRoot: string): boolean {
  return real === realRoot || real.startsWith(realRoot + path.sep);
}

/**
 * root/rel, refused when it (or a directory on the way) is a symlink that leads out of root. A path that
 * does not exist is returned as is: the caller's own "not found" applies.
 */
export function pathInsideSource(root: string, rel: string, what: string): string {
  const full = path.join(root, rel);
  let real: string;
  try {
    real = fs.realpathSync(full);
  } catch {
    return full;
  }
  const realRoot = fs.realpathSync(root);
  if (!within(real, realRoot))
    throw new PaasError(
      `${what} ${rel} leads out of the pushed source through a symlink (to ${real}); paas only builds what is in the repository`,
    );
  return full;
}
