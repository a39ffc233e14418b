import type { Plugin } from 'esbuild';
export function isNodeBuiltin(specifier: string): boolean;
export const browserBuiltins: Plugin;
export function nodeBuiltinsIn(metafile: { inputs: Record<string, { imports: Array<{ path: string }> }> }): Array<{ input: string; path: string }>;
