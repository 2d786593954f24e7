// The image builder (git:from-image): the app runs an existing image. Nothing is built; the image is
// tagged as the app's build image, and Procfile/app.json/CHECKS are read from its working directory.
import path from 'node:path';
import type { Readable } from 'node:stream';
import { PaasError } from '../core/errors.js';
import { info, step } from '../core/log.js';
import { docker, isNotFound } from '../docker/client.js';
import { LABEL } from '../docker/containers.js';
import { AppFiles, parseAppFiles } from './app-files.js';
import { LinePrinter, followBuild } from './docker-build.js';
import { exposedPortOf, sourceImagePullFailure } from './image-ports.js';

export interface SourceImageInfo {
  id: string;
  workingDir: string;
  cmd: string[];
  entrypoint: string[];
  /** First TCP port the image EXPOSEs. */
  exposedPort?: number;
}

/** Contents of the first regular file in a tar archive (what the engine's archive endpoint returns). */
export function firstFileInTar(buf: Buffer): Buffer | undefined {
  let off = 0;
  while (off + 512 <= buf.length) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) return undefined;
    const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const data = off + 512;
    if (type === '0' || type === '\0') return buf.subarray(data, data + size);
    // pax/GNU long-name headers, directories and links: skip to the next header.
    off = data + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

async function pullImage(ref: string): Promise<void> {
  step(`Pulling ${ref}`);
  const stream = await docker().pull(ref);
  await followBuild(stream as unknown as Readable, new LinePrinter());
}

/**
 * `docker load` from a stream (a `docker save` tar), then check that it brought `ref`: the engine's own
 * "Loaded image" lines are shown, and a tar without that image fails with one line.
 */
export async function loadImageFrom(input: Readable, ref: string): Promise<void> {
  step(`Loading image ${ref} from stdin`);
  const stream = await docker().loadImage(input, { quiet: true });
  await followBuild(stream as unknown as Readable, new LinePrinter()).catch((e: Error) => {
    throw new PaasError(`Could not load the image: ${e.message.replace(/^Build failed: /, '')}`);
  });
  try {
    await docker().getImage(ref).inspect();
  } catch (e) {
    if (isNotFound(e))
      throw new PaasError(`The image on stdin is not ${ref}: docker save ${ref} | paas git:load-image APP ${ref}`);
    throw e;
  }
}

/** Inspect the image, pulling it when it is not here; a clear error when neither works. */
export async function resolveSourceImage(ref: string): Promise<SourceImageInfo> {
  const inspect = async () => {
    const i = await docker().getImage(ref).inspect();
    return {
      id: i.Id,
      workingDir: i.Config?.WorkingDir || '',
      cmd: i.Config?.Cmd ?? [],
      entrypoint: (i.Config?.Entrypoint as string[] | null) ?? [],
      exposedPort: exposedPortOf(i.Config?.ExposedPorts),
    };
  };
  try {
    return await inspect();
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  try {
    await pullImage(ref);
  } catch (e) {
    throw await sourceImagePullFailure(ref, (e as Error).message.replace(/^Build failed: /, ''));
  }
  return inspect();
}

/** Read Procfile, app.json and CHECKS from the image's working directory (/app when it has none). */
export async function readImageAppFiles(
  app: string,
  image: SourceImageInfo,
  procfilePath: string,
  appJsonPath = 'app.json',
): Promise<AppFiles> {
  const dir = image.workingDir || '/app';
  const container = await docker().createContainer({
    Image: image.id,
    // Never started: a command is only needed because an image without one cannot be created.
    Cmd: ['true'],
    Entrypoint: [],
    Labels: { [LABEL.app]: app, [LABEL.kind]: 'build' },
  });
  try {
    const read = async (name: string): Promise<string | undefined> => {
      try {
        const stream = await container.getArchive({ path: path.posix.join(dir, name) });
        const chunks: Buffer[] = [];
        for await (const c of stream as unknown as AsyncIterable<Buffer>) chunks.push(c);
        return firstFileInTar(Buffer.concat(chunks))?.toString('utf8');
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    };
    const texts = {
      procfile: await read(procfilePath),
      appJson: await read(appJsonPath),
      checks: await read('CHECKS'),
    };
    const found = Object.entries({ [procfilePath]: texts.procfile, [appJsonPath]: texts.appJson, CHECKS: texts.checks })
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k);
    if (found.length) info(`Found ${found.join(', ')} in ${dir}`);
    return parseAppFiles(texts, procfilePath);
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

/** The image's own command, for messages and to refuse an image that has nothing to run. */
export function describeImageCommand(image: SourceImageInfo): string {
  return [...image.entrypoint, ...image.cmd].join(' ');
}
