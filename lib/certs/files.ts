// Where an app's certificate lives; nginx serves HTTPS for an app exactly when both files exist.
import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../state/paths.js';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export function tlsPaths(app: string): TlsFiles {
  const dir = paths.certsDir(app);
  return { certFile: path.join(dir, 'server.crt'), keyFile: path.join(dir, 'server.key') };
}

export function tlsFilesFor(app: string): TlsFiles | undefined {
  const p = tlsPaths(app);
  return fs.existsSync(p.certFile) && fs.existsSync(p.keyFile) ? p : undefined;
}
