// Dokku-style messages for people, always on stderr; data goes to stdout through `out`.
let quiet = false;

export function setQuiet(q: boolean): void {
  quiet = q;
}

/** Whether `--quiet` was given (lists then print bare rows, without headers). */
export function isQuiet(): boolean {
  return quiet;
}

function write(line: string): void {
  process.stderr.write(line + '\n');
}

/** `-----> message`: a step in progress. */
export function step(msg: string): void {
  if (!quiet) write(`-----> ${msg}`);
}

/** `=====> message`: a heading. */
export function heading(msg: string): void {
  if (!quiet) write(`=====> ${msg}`);
}

/** Indented detail under a step. */
export function info(msg: string): void {
  if (!quiet) for (const l of msg.split('\n')) write(`       ${l}`);
}

/** ` !     message`: a warning or an error; never silenced. */
export function warn(msg: string): void {
  for (const l of msg.split('\n')) write(` !     ${l}`);
}

/** Data for scripts. */
export function out(line: string): void {
  process.stdout.write(line + '\n');
}
