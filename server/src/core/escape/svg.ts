/**
 * The check of an SVG drawing before it is written to a file (the graph preview's
 * Export SVG): the page hands over markup, and the page is not trusted.
 *
 * Public API (stable):
 * - `svgProblem(svg)`: why the SVG is not only a drawing (a sentence), or
 *   undefined when it is. It is parsed as XML (saxes, namespaces resolved,
 *   entities and character references decoded) and held to allow-lists: elements
 *   in the SVG namespace only, and only those the graph's drawing uses (`svg`,
 *   `g`, `defs`, `marker`, `path`, `rect`, `text`, `tspan`, `title`); attributes
 *   without a namespace and only those it uses (geometry, presentation, `class`,
 *   `id`, a few `data-` names); no `href` of any kind, no event handler, no
 *   `style`, no animation (`set`, `animate`), no script or foreign object under
 *   any prefix; a `url(…)` only as `url(#id)`; no DOCTYPE (no entity
 *   definitions), processing instruction, CDATA section or comment. The root is
 *   `<svg>` with the SVG namespace as its default namespace.
 * - `isInertSvg(svg)`: `svgProblem(svg) === undefined`.
 */
import { SaxesParser } from 'saxes';

export const SVG_NS = 'http://www.w3.org/2000/svg';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** The elements of the graph's drawing (client/src/graph/webview/main.ts). */
const ELEMENTS = new Set(['svg', 'g', 'defs', 'marker', 'path', 'rect', 'text', 'tspan', 'title']);

/** The attributes of the graph's drawing and its export (computed styles written as presentation attributes). */
const ATTRIBUTES = new Set([
  // layout and geometry
  'viewBox', 'width', 'height', 'x', 'y', 'rx', 'ry', 'd', 'transform',
  'refX', 'refY', 'markerWidth', 'markerHeight', 'markerUnits', 'orient',
  // presentation
  'fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'fill-opacity', 'opacity',
  'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'marker-end',
  // identity and accessibility
  'id', 'class', 'role', 'aria-label', 'tabindex',
  'data-testid', 'data-node-id', 'data-source', 'data-target', 'data-track', 'data-blocking', 'data-weight',
]);

/** A `url(` reference anywhere in a value, and the one form allowed: a fragment of this document. */
const URL_REF = /url\s*\(/gi;
const LOCAL_URL_REF = /^url\(#[A-Za-z0-9_.:-]+\)$/;

/** Attributes that are only text (never fetched nor styled): a `url(` in them is harmless. */
const TEXT_ATTRIBUTES = new Set(['id', 'class', 'role', 'aria-label', 'data-testid', 'data-node-id', 'data-source', 'data-target', 'data-track', 'data-blocking', 'data-weight']);

function valueProblem(name: string, value: string): string | undefined {
  if (TEXT_ATTRIBUTES.has(name)) return undefined;
  const refs = value.match(URL_REF);
  if (!refs) return undefined;
  return refs.length === 1 && LOCAL_URL_REF.test(value.trim()) ? undefined : `attribute ${name} refers outside the drawing: ${JSON.stringify(value.slice(0, 80))}`;
}

/** Why the SVG is not only a drawing, or undefined when it is (see the header). */
export function svgProblem(svg: string): string | undefined {
  let problem: string | undefined;
  let depth = 0;
  let roots = 0;
  const fail = (why: string) => {
    problem ??= why;
  };
  const parser = new SaxesParser({ xmlns: true, position: false });
  parser.on('doctype', () => fail('a DOCTYPE'));
  parser.on('processinginstruction', (pi) => fail(`a processing instruction <?${pi.target}`));
  parser.on('cdata', () => fail('a CDATA section'));
  parser.on('comment', () => fail('a comment'));
  parser.on('text', (t) => {
    if (depth === 0 && t.trim()) fail('text outside the root element');
  });
  parser.on('opentag', (tag) => {
    if (depth === 0 && ++roots > 1) fail('more than one root element');
    depth++;
    if (tag.uri !== SVG_NS) fail(`element ${tag.name} in namespace ${JSON.stringify(tag.uri)}`);
    else if (!ELEMENTS.has(tag.local)) fail(`element ${tag.name}`);
    else if (depth === 1 && tag.local !== 'svg') fail(`root element ${tag.name}`);
    for (const a of Object.values(tag.attributes)) {
      if (a.uri === XMLNS_NS) {
        if (!(a.prefix === '' && a.local === 'xmlns' && a.value === SVG_NS)) fail(`namespace declaration ${a.name}="${a.value}"`);
      } else if (a.uri !== '' || a.prefix !== '') fail(`attribute ${a.name}`);
      else if (!ATTRIBUTES.has(a.local)) fail(`attribute ${a.name}`);
      else {
        const p = valueProblem(a.name, a.value);
        if (p) fail(p);
      }
    }
  });
  parser.on('closetag', () => {
    depth--;
  });
  try {
    parser.write(svg).close();
  } catch (e) {
    return `not well-formed XML: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (!problem && roots === 0) return 'no root element';
  return problem;
}

/** Whether the SVG is only a drawing (see `svgProblem`). */
export function isInertSvg(svg: string): boolean {
  return svgProblem(svg) === undefined;
}
