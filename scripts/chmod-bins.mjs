// Compiled executables must be runnable straight from dist/bin (tsc does not keep the mode bits).
import { chmodSync, readdirSync } from 'node:fs';
for (const f of readdirSync('dist/bin')) if (f.endsWith('.js')) chmodSync(`dist/bin/${f}`, 0o755);
