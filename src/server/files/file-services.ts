import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Config } from '../../config/config.ts';
import { LocalFileKeyring } from './file-keyring.ts';
import { FileVault } from './file-vault.ts';
import { LocalFileStore } from './local-file-store.ts';
import { deriveKey, loadFileMasterKey } from './master-key.ts';

/** Where files, their keys and the master key live, and how long a download link works. */
export type FileSettings = Config['files'];

/** What the file operations need, built once per process (the lead adds it to the AppContext as `files`). */
export interface FileServices {
  vault: FileVault;
  /** Signs and checks download links; derived from the master key, so no second secret to keep. */
  linkKey: KeyObject;
  linkMinutes: number;
}

/** The context a file operation takes: an AppContext with `files` satisfies it. */
export interface FilesContext {
  db: { kysely: Kysely<Database> };
  files: FileServices;
  now: () => Date;
}

/** The embedded setup: ciphertexts in `dir`, wrapped keys in `keysDir`, the master key read (or created) from its file. */
export async function openFileServices(settings: FileSettings): Promise<FileServices> {
  const master = await loadFileMasterKey(settings.masterKeyFile);
  return {
    vault: new FileVault(new LocalFileStore(settings.dir), new LocalFileKeyring(settings.keysDir, master)),
    linkKey: deriveKey(master, 'file-download-links/v1'),
    linkMinutes: settings.linkMinutes,
  };
}
