/**
 * The one HTML shell of the extension's webview pages (the graph preview, the
 * Curriculum Overview): a strict content security policy (scripts and styles only with
 * the nonce or from the extension's own files; nothing from the network; a worker only
 * from a blob: URL the page makes of its own worker script, fetched from the
 * extension's files, and only for a page that has one), the page's CSS with the nonce,
 * its body, and its one script. No document text is ever written into this HTML: the
 * pages build their DOM from the messages they receive. Pure, for the tests.
 */

export interface PageShellOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce per page (`newNonce`). */
  nonce: string;
  /** `webview.asWebviewUri(dist/<page>.js)` as a string. */
  scriptUri: string;
}

export interface PageShell extends PageShellOptions {
  title: string;
  css: string;
  /** Attributes of `<body>`, values escaped here. */
  bodyAttributes: Record<string, string>;
  /** The body's markup: static text of the extension's own, never a document's. */
  body: string;
  /** The page starts a layout worker (CSP: `connect-src` its own files, `worker-src blob:`). */
  worker?: boolean;
}

export function newNonce(random: (n: number) => Uint8Array): string {
  let s = '';
  for (const b of random(18)) s += String.fromCharCode(b);
  return btoa(s).replace(/[^A-Za-z0-9]/g, '');
}

export function contentSecurityPolicy(o: Pick<PageShellOptions, 'cspSource' | 'nonce'>, worker = true): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${o.nonce}'`,
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `img-src ${o.cspSource} data:`,
    `font-src ${o.cspSource}`,
    // The layout worker: its script fetched from the extension's files, started from a blob: URL.
    ...(worker ? [`connect-src ${o.cspSource}`, 'worker-src blob:'] : []),
  ].join('; ');
}

/** Escapes a value for a double-quoted HTML attribute. */
export const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function pageHtml(p: PageShell): string {
  const nonce = attr(p.nonce);
  const bodyAttributes = Object.entries(p.bodyAttributes)
    .map(([k, v]) => ` ${k}="${attr(v)}"`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(p, p.worker ?? false))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${attr(p.title)}</title>
<style nonce="${nonce}">${p.css}</style>
</head>
<body${bodyAttributes}>
${p.body}
<script nonce="${nonce}" src="${attr(p.scriptUri)}"></script>
</body>
</html>`;
}
