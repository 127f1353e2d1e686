import { createHash } from 'node:crypto';
import { mkdirSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Content-addressed local storage: a file lives at files/ab/abcdef… under DATA_DIR, named by its SHA-256,
 * written to a temporary name and renamed, so a crash never leaves half a file under a real name.
 * (An S3-compatible store would implement the same two functions.)
 */
export class LocalFileStore {
  constructor(private readonly root: string) {}

  private pathOf(sha: string): string {
    return path.join(this.root, 'files', sha.slice(0, 2), sha);
  }

  put(data: Buffer): string {
    const sha = createHash('sha256').update(data).digest('hex');
    const target = this.pathOf(sha);
    if (!existsSync(target)) {
      mkdirSync(path.dirname(target), { recursive: true });
      const tmp = `${target}.${process.pid}.tmp`;
      writeFileSync(tmp, data);
      renameSync(tmp, target);
    }
    return sha;
  }

  get(sha: string): Buffer | null {
    if (!/^[0-9a-f]{64}$/.test(sha)) return null;
    const p = this.pathOf(sha);
    return existsSync(p) ? readFileSync(p) : null;
  }
}
