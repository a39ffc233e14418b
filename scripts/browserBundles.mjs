// The browser bundles (the manifest's `browser` entry, and the language server's web
// worker) must hold no Node built-in: a web worker has no fs, path, child_process, os,
// worker_threads, ... This esbuild plugin lets such an import through as external (so
// that the build does not stop at the first one with a resolve error), `path` excepted,
// which becomes path-browserify (posix paths, as the server's browser file system
// gives); `nodeBuiltinsIn` then lists every import of a built-in left in a bundle, and
// esbuild.mjs fails the build on any.
import { builtinModules } from 'node:module';

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
/** Built-ins with a browser substitute from npm. */
const substitutes = { path: 'path-browserify', 'node:path': 'path-browserify' };

export function isNodeBuiltin(specifier) {
  return builtins.has(specifier) || specifier.startsWith('node:');
}

/** The esbuild plugin: substitutes, and every other built-in kept as an external import for `nodeBuiltinsIn` to find. */
export const browserBuiltins = {
  name: 'browser-builtins',
  setup(build) {
    build.onResolve({ filter: /^[a-z_:/]+$/ }, async (args) => {
      if (args.pluginData?.substituted) return undefined;
      const substitute = substitutes[args.path];
      if (substitute) return build.resolve(substitute, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { substituted: true } });
      if (isNodeBuiltin(args.path)) return { path: args.path, external: true };
      return undefined;
    });
  },
};

/** Every import of a Node built-in in an esbuild metafile: `{ output, input, path }`. */
export function nodeBuiltinsIn(metafile) {
  const found = [];
  for (const [input, info] of Object.entries(metafile.inputs)) {
    for (const imp of info.imports) if (isNodeBuiltin(imp.path)) found.push({ input, path: imp.path });
  }
  return found;
}
