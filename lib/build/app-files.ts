// Files in the source tree (or the image) that describe how to run the app: Procfile, app.json, CHECKS.
import fs from 'node:fs';
import { PaasError } from '../core/errors.js';
import { standardizeJsonc } from './jsonc.js';
import { parseProcfile, Procfile } from './procfile.js';
import { pathInsideSource } from './source-path.js';

export interface AppFiles {
  procfile?: Procfile;
  appJson?: Record<string, unknown>;
  checksFile?: string;
}

function readOptional(dir: string, name: string): string | undefined {
  try {
    return fs.readFileSync(pathInsideSource(dir, name, 'File'), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw e;
  }
}

export function parseAppJson(text: string, where = 'app.json'): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(standardizeJsonc(text));
  } catch (e) {
    throw new PaasError(`${where} is not valid JSON: ${(e as Error).message}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new PaasError(`${where} must hold a JSON object`);
  return v as Record<string, unknown>;
}

/** Parse the texts of the three files (any may be missing); used for source trees and images alike. */
export function parseAppFiles(
  texts: { procfile?: string; appJson?: string; checks?: string },
  procfileName = 'Procfile',
): AppFiles {
  const out: AppFiles = {};
  if (texts.procfile !== undefined) {
    try {
      out.procfile = parseProcfile(texts.procfile);
    } catch (e) {
      throw new PaasError(`${procfileName}: ${(e as Error).message.replace(/^Procfile /, '')}`);
    }
  }
  if (texts.appJson !== undefined) out.appJson = parseAppJson(texts.appJson);
  if (texts.checks !== undefined) out.checksFile = texts.checks;
  return out;
}

/**
 * Read Procfile (at procfilePath), app.json (at appJsonPath, app-json:set's appjson-path) and CHECKS from
 * the app's directory in the source tree. A missing file is no file, as in Dokku.
 */
export function readAppFiles(dir: string, procfilePath = 'Procfile', appJsonPath = 'app.json'): AppFiles {
  return parseAppFiles(
    {
      procfile: readOptional(dir, procfilePath),
      appJson: readOptional(dir, appJsonPath),
      checks: readOptional(dir, 'CHECKS'),
    },
    procfilePath,
  );
}
