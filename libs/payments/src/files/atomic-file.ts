// Replacing a file so that a crash at any moment leaves either the old content or the new, never a mix or nothing:
// write a temporary file beside it, fsync it, rename it over the old one, fsync the folder (so the rename survives a
// power cut too).

import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Temporary files start with '.' and end with '.tmp', so a bank's pick-up of '*.xml' never sees one. */
export const tempPathFor = (file: string): string =>
  path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

export const fsyncFolder = async (folder: string): Promise<void> => {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};

/** Writes a file whole and durably; the temporary file is new ('wx'), so two writers never share one. */
export const writeFileAtomic = async (file: string, content: string): Promise<void> => {
  const temp = tempPathFor(file);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await fsyncFolder(path.dirname(file));
};

export const readFileIfExists = async (file: string): Promise<string | undefined> => {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};

/** Removes the temporary files a killed writer left for these files. Call it only while holding their run's lock
 * (then no live writer has one open). */
export const removeTempFiles = async (files: readonly string[]): Promise<void> => {
  for (const file of files) {
    const folder = path.dirname(file);
    const prefix = `.${path.basename(file)}.`;
    for (const entry of await readdir(folder)) {
      if (entry.startsWith(prefix) && entry.endsWith('.tmp')) await unlink(path.join(folder, entry)).catch(() => undefined);
    }
  }
};
