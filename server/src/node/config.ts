/**
 * `roadmap.config.json` on disk: files/config.ts read with node's file system.
 */
import fs from 'node:fs';
import * as files from '../files/config';
import type { ConfigReader, LoadedConfig } from '../files/config';

export type { ConfigReader, LoadedConfig };

export const diskReader: ConfigReader = {
  readFile: (file) => fs.readFileSync(file, 'utf8'),
  exists: (file) => fs.existsSync(file),
  isFile: (file) => {
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  },
};

/** The nearest `roadmap.config.json` at or above a file or folder. */
export function findConfig(start: string, reader: ConfigReader = diskReader): string | undefined {
  return files.findConfig(start, reader);
}

/** Loads a config file from disk (see files/config.ts). */
export function loadConfig(file: string | undefined, text?: string, reader: ConfigReader = diskReader): LoadedConfig {
  return files.loadConfig(file, text, reader);
}
