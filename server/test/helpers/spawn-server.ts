import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The server workspace (`server/`); the child runs there. */
export const SERVER_DIR = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  /**
   * Resolves with the URL of the "is running at <url>" line the CLI prints once it listens; rejects with the
   * output so far when the process exits first or does not start within `timeoutMs`.
   */
  ready: Promise<string>;
}

/**
 * Spawns `node --import tsx src/cli/main.ts serve` in `server/` with `process.env` plus `PORT=0`, `SEED_DEMO=true`,
 * `LOG_LEVEL=warn` and then `env` (which may override them). Used by the multi-process integration tests and by
 * `e2e/system.ts`; nothing here imports server code, so the end-to-end tests can use it too.
 */
export function spawnServer(opts: { env: Record<string, string | undefined>; timeoutMs?: number }): ServerProcess {
  const timeoutMs = opts.timeoutMs ?? 90_000;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    cwd: SERVER_DIR,
    env: { ...process.env, PORT: '0', SEED_DEMO: 'true', LOG_LEVEL: 'warn', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), timeoutMs);
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /is running at (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (d) => (out += String(d)));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return { child, ready };
}
