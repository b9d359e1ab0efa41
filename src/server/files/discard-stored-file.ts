import type { StoredFile } from '../../domain/files/stored-file.ts';
import type { FileServices } from './file-services.ts';

/**
 * Undoes `storeUploadedFile` when what the file belonged to was not saved (a refused or failed
 * publication): the file was never recorded, so its key and bytes are shredded and nothing of it
 * remains. Call it after the transaction that would have recorded it has rolled back.
 */
export async function discardStoredFile(files: FileServices, file: Pick<StoredFile, 'id'>): Promise<void> {
  await files.vault.shred(file.id);
}
