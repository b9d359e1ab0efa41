import fs from 'node:fs/promises';
import path from 'node:path';

const isCode = (err: unknown, code: string) => (err as NodeJS.ErrnoException | null)?.code === code;

/**
 * Reads a secret key file (its text), creating it with `create()` — mode 0600, its folder 0700 —
 * when missing and `create` is given; missing without it: null. A file other users can read is
 * refused rather than used: whoever reads it holds the secret. `setting` names the option in errors.
 */
export async function readSecretFile(setting: string, file: string, create: () => string): Promise<string>;
export async function readSecretFile(setting: string, file: string, create?: () => string): Promise<string | null>;
export async function readSecretFile(setting: string, file: string, create?: () => string): Promise<string | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if (!isCode(err, 'ENOENT')) throw new Error(`${setting}: cannot read ${file} (${(err as Error).message})`);
    if (!create) return null;
    text = await createSecretFile(file, create());
  }
  if (process.platform !== 'win32' && ((await fs.stat(file)).mode & 0o077) !== 0) {
    throw new Error(`${setting}: ${file} can be read by other users; allow its owner only (chmod 600)`);
  }
  return text;
}

async function createSecretFile(file: string, text: string): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    await fs.writeFile(file, text, { mode: 0o600, flag: 'wx' });
    return text;
  } catch (err) {
    // Another instance sharing the data directory created it first: use that one.
    if (isCode(err, 'EEXIST')) return fs.readFile(file, 'utf8');
    throw err;
  }
}
