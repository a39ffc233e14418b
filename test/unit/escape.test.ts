/**
 * The escaping of document text (server/src/core/escape/, issue 17), held to what
 * each format's own parser makes of the output, over hostile text (fast-check,
 * test/fixtures/hostile.ts):
 * - labels: bidi and invisible characters shown as marks, bounded;
 * - hover markdown: parsed by remark + remark-gfm (micromark) and by marked (what
 *   VS Code renders hovers with): no link but the file link the hover makes
 *   itself, no HTML, the title and roles shown literally, entities as typed;
 * - markdown and HTML text: parsed by remark + gfm and by parse5, the text literal;
 * - the SVG export check: the bypasses of the issue and more rejected, a drawing of
 *   hostile text accepted.
 * Graphviz (escapeDot.test.ts) and Mermaid in a browser (escapeBrowser.test.ts) are apart.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { marked } from 'marked';
import * as parse5 from 'parse5';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { MarkupContent } from 'vscode-languageserver';
import { escapeHtmlAttr, escapeHtmlText } from '../../server/src/core/escape/html';
import { boundLabel, LABEL_MAX, neutraliseControls, oneLine } from '../../server/src/core/escape/label';
import { escapeMarkdownText, markdownLinkDestination, markdownTableCell } from '../../server/src/core/escape/markdown';
import { isInertSvg, svgProblem } from '../../server/src/core/escape/svg';
import { LineIndex } from '../../server/src/core/text';
import { hover } from '../../server/src/features/hover';
import { contextOf, uriOf, type Fixture } from '../fixtures/fixture';
import { hostileText, PAYLOADS, SEED } from '../fixtures/hostile';

const RUNS = Number(process.env.NUM_RUNS ?? 300);
const params = { seed: SEED, numRuns: RUNS };

// --- helpers: what a parser makes of the output ----------------------------

interface MdNode {
  type: string;
  value?: string;
  url?: string;
  children?: MdNode[];
}

const md = unified().use(remarkParse).use(remarkGfm);
const mdTree = (text: string) => md.parse(text) as MdNode;

function* mdNodes(n: MdNode): Generator<MdNode> {
  yield n;
  for (const c of n.children ?? []) yield* mdNodes(c);
}

/**
 * The text a markdown node shows, without the U+2060 WORD JOINERs the escaping puts
 * into autolink-like text (invisible; a document's own are shown as `[U+2060]`).
 */
const mdText = (n: MdNode): string => (n.type === 'text' || n.type === 'inlineCode' ? (n.value ?? '') : (n.children ?? []).map(mdText).join('')).replaceAll('\u2060', '');

type HtmlNode = { nodeName: string; value?: string; attrs?: Array<{ name: string; value: string }>; childNodes?: HtmlNode[] };

function* htmlNodes(n: HtmlNode): Generator<HtmlNode> {
  yield n;
  for (const c of n.childNodes ?? []) yield* htmlNodes(c);
}
const htmlText = (n: HtmlNode): string => (n.nodeName === '#text' ? (n.value ?? '') : (n.childNodes ?? []).map(htmlText).join(''));
/** The text marked shows (without the escaping's word joiners, see `mdText`). */
const markedText = (n: HtmlNode) => htmlText(n).replaceAll('\u2060', '');
const htmlBody = (html: string) => parse5.parseFragment(html) as unknown as HtmlNode;

/** The HTML parser's newline normalisation (CR LF and CR as LF). */
const htmlNewlines = (s: string) => s.replace(/\r\n?/g, '\n');

// --- labels ------------------------------------------------------------------

describe('escape: labels', () => {
  it('shows bidi, zero-width and control characters as marks, and keeps joiners inside emoji and scripts that need them', () => {
    assert.equal(neutraliseControls('Spark \u202Egnp.exe'), 'Spark [U+202E]gnp.exe');
    assert.equal(neutraliseControls('a\u200Bb\u2066c\u2069\uFEFF'), 'a[U+200B]b[U+2066]c[U+2069][U+FEFF]');
    assert.equal(neutraliseControls('paypa\u200Dl'), 'paypa[U+200D]l');
    assert.equal(neutraliseControls('\u0000\u001B[1m\u0085'), '[U+0000][U+001B][1m[U+0085]');
    assert.equal(neutraliseControls('lone \uD800 \uDC00'), 'lone \uFFFD \uFFFD');
    assert.equal(neutraliseControls('\uFFFF\u{10FFFE}'), '[U+FFFF][U+10FFFE]');
    assert.equal(neutraliseControls('👩‍💻 فارسی‌ها 🏳️‍🌈'), '👩‍💻 فارسی‌ها 🏳️‍🌈');
    assert.equal(neutraliseControls('tab\tnew\nline'), 'tab\tnew\nline');
  });

  it('bounds a label to LABEL_MAX characters, cut with an ellipsis, on one line', () => {
    assert.equal(boundLabel('x'.repeat(10_000)), 'x'.repeat(LABEL_MAX - 1) + '…');
    assert.equal(boundLabel('  two\n lines\t'), 'two lines');
    assert.equal(boundLabel('😀'.repeat(100), 10), '😀'.repeat(9) + '…');
    fc.assert(
      fc.property(hostileText, (s) => {
        const b = boundLabel(s);
        assert.ok(Array.from(b).length <= LABEL_MAX, b);
        assert.doesNotMatch(b, /[\u202A-\u202E\u2066-\u2069\u200B\u200E\u200F\uFEFF\u0000-\u001F]/);
        assert.doesNotMatch(b, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        assert.ok(oneLine(s).startsWith(b.endsWith('…') && b !== oneLine(s) ? b.slice(0, -1) : b), 'a bound label is the start of the text');
      }),
      params,
    );
  });
});

// --- markdown -----------------------------------------------------------------

describe('escape: markdown text', () => {
  it('escapes what would be markup, autolinks or entities', () => {
    const J = '\u2060';
    assert.equal(escapeMarkdownText('<https://evil.example> https://x.example www.Evil.example a@b.example'), `\\<https:${J}//evil.example\\> https:${J}//x.example www${J}.Evil.example a\\@${J}b.example`);
    assert.equal(escapeMarkdownText('&lt;b&gt; *em* `c` [l](u) | ~s~ #1 $m$'), `\\&lt;b\\&gt; \\*em\\* \\\`c\\\` \\[l\\](u) \\| \\~s\\~ \\#${J}1 \\$m\\$`);
    assert.equal(escapeMarkdownText('- item'), '\\- item');
    assert.equal(escapeMarkdownText('12. item'), '12\\. item');
    assert.equal(markdownTableCell(''), ' ');
    assert.equal(markdownLinkDestination('file:///a b/<x>.md'), '<file:///a%20b/%3Cx%3E.md>');
  });

  it('any text is shown literally, as one paragraph of text, by remark + gfm and by marked, alone, at a line start, in a list item and in a table cell', () => {
    fc.assert(
      fc.property(hostileText, (s) => {
        const e = escapeMarkdownText(s);
        const want = oneLine(s);
        for (const [wrap, pick] of [
          [(t: string) => `x ${t}`, (tree: MdNode) => mdText(tree).slice(2)],
          [(t: string) => t, mdText],
          [(t: string) => `- ${t}`, mdText],
          [(t: string) => `*${t || 'x'}*`, mdText],
        ] as const) {
          const text = wrap(e);
          const tree = mdTree(text);
          const types = new Set([...mdNodes(tree)].map((n) => n.type));
          for (const bad of ['link', 'image', 'html', 'linkReference', 'imageReference', 'definition', 'inlineCode', 'code', 'delete', 'heading', 'blockquote', 'table', 'thematicBreak', 'strong', 'footnoteReference']) {
            assert.ok(!types.has(bad), `${bad} in ${JSON.stringify(text)}`);
          }
          if (wrap(e) === `*${e || 'x'}*`) assert.equal(mdText(tree), want || 'x');
          else assert.equal(pick(tree), want, JSON.stringify(text));
        }
        // marked (VS Code's hover renderer): no element but the paragraph.
        const html = marked.parse(`x ${e}`, { gfm: true, async: false });
        const els = [...htmlNodes(htmlBody(html))].filter((n) => !n.nodeName.startsWith('#'));
        assert.deepEqual(els.map((n) => n.nodeName), ['p'], html);
        assert.equal(markedText(els[0]).trimEnd(), `x ${want}`.trimEnd());
        // A GFM table cell.
        const table = mdTree(`| a |\n| - |\n| ${markdownTableCell(s)} |\n`);
        const cells = [...mdNodes(table)].filter((n) => n.type === 'tableCell');
        assert.deepEqual(cells.map(mdText), ['a', want]);
      }),
      params,
    );
  });
});

describe('escape: hover markdown', () => {
  const doc = (id: string, title: string, role: string, more = '') =>
    ['# Module Roadmap', '', '## Module Overview', '', `- **Module ID**: ${id}`, `- **Module Title**: ${title}`, `- **Target Role(s)**: ${role}`, '- **Duration**: 10 hours', more, ''].join('\n');
  /** Text that stays on its line of the document (a line break would end the field). */
  const onALine = (s: string) => s.replace(/[\r\n\u0000]/g, ' ');

  function hoverOf(title: string, role: string) {
    const a = doc('MOD-130', onALine(title), onALine(role));
    const b = doc('MOD-131', 'Consumer', 'Data Engineer', '- **Prerequisites**: MOD-130');
    const fixture: Fixture = {
      files: [
        { path: 'a.md', uri: uriOf('a.md'), text: a, marks: [] },
        { path: 'b.md', uri: uriOf('b.md'), text: b, marks: [] },
      ],
    };
    const ctx = contextOf(fixture);
    const position = new LineIndex(b).positionAt(b.indexOf('MOD-130') + 2);
    const h = hover(ctx, uriOf('b.md'), position);
    assert.ok(h, 'a hover over the mention');
    return { value: (h.contents as MarkupContent).value, model: ctx.ws.get(uriOf('a.md'))! };
  }

  it('makes no link but the file link, no HTML, and shows the title and roles literally (remark + gfm, marked)', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (title, role) => {
        const { value, model } = hoverOf(title, role);
        const tree = mdTree(value);
        const nodes = [...mdNodes(tree)];
        const links = nodes.filter((n) => n.type === 'link');
        assert.deepEqual(
          links.map((l) => [l.url, mdText(l)]),
          [[uriOf('a.md'), 'a.md']],
          value,
        );
        for (const bad of ['html', 'image', 'linkReference', 'imageReference', 'definition', 'inlineCode', 'code', 'delete', 'heading', 'blockquote', 'table', 'footnoteReference']) {
          assert.ok(!nodes.some((n) => n.type === bad), `${bad} in ${value}`);
        }
        assert.deepEqual(nodes.filter((n) => n.type === 'emphasis').map(mdText), model.title ? [oneLine(model.title)] : [], value);
        const roleItem = nodes.filter((n) => n.type === 'listItem').map(mdText).find((t) => t.startsWith('Role: '));
        assert.equal(roleItem, model.roles.length ? `Role: ${oneLine(model.roles.map((r) => r.text).join(', '))}` : undefined, value);
        // marked, as VS Code renders the hover: the one link is the file link.
        const html = htmlBody(marked.parse(value, { gfm: true, async: false }));
        const els = [...htmlNodes(html)].filter((n) => !n.nodeName.startsWith('#'));
        assert.deepEqual([...new Set(els.map((n) => n.nodeName))].filter((n) => !['p', 'strong', 'em', 'ul', 'li', 'a'].includes(n)), []);
        assert.deepEqual(
          els.filter((n) => n.nodeName === 'a').map((n) => n.attrs?.find((a) => a.name === 'href')?.value),
          [uriOf('a.md')],
        );
        assert.deepEqual(els.filter((n) => n.nodeName === 'em').map(markedText), model.title ? [oneLine(model.title)] : []);
      }),
      { ...params, numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('shows entities and autolinks of a title as typed', () => {
    const { value } = hoverOf('&lt;b&gt; <https://evil.example/> https://evil.example www.evil.example', 'Data Engineer');
    const em = [...mdNodes(mdTree(value))].filter((n) => n.type === 'emphasis').map(mdText);
    assert.deepEqual(em, ['&lt;b&gt; <https://evil.example/> https://evil.example www.evil.example']);
  });
});

// --- HTML -------------------------------------------------------------------------

describe('escape: HTML text and attributes', () => {
  it('any text stays text, and any attribute value stays in its attribute (parse5)', () => {
    fc.assert(
      fc.property(hostileText, (s) => {
        const want = htmlNewlines(neutraliseControls(s));
        const body = htmlBody(`<p data-x="${escapeHtmlAttr(s)}" title='${escapeHtmlAttr(s)}'>${escapeHtmlText(s)}</p><i>end</i>`);
        const els = [...htmlNodes(body)].filter((n) => !n.nodeName.startsWith('#'));
        assert.deepEqual(els.map((n) => n.nodeName), ['p', 'i']);
        assert.equal(htmlText(els[0]), want);
        assert.deepEqual(els[0].attrs, [
          { name: 'data-x', value: want },
          { name: 'title', value: want },
        ]);
      }),
      params,
    );
  });
});

// --- SVG export check ----------------------------------------------------------------

const SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">';

describe('escape: the SVG export check', () => {
  it('rejects the bypasses of issue 17 (namespaced script, entity-coded javascript: URL, <set> of an event handler)', () => {
    const bypasses = [
      `${SVG_OPEN}<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script></svg>`,
      `${SVG_OPEN}<a href="&#106;avascript:alert(1)"><text>click</text></a></svg>`,
      `${SVG_OPEN}<rect width="5" height="5"><set attributeName="onmouseover" to="alert(1)"/></rect></svg>`,
    ];
    for (const svg of bypasses) assert.equal(isInertSvg(svg), false, svg);
    assert.match(svgProblem(bypasses[0])!, /element x:script/);
    assert.match(svgProblem(bypasses[1])!, /element a/);
    assert.match(svgProblem(bypasses[2])!, /element set/);
  });

  it('rejects scripts, handlers, links, animation, styles, foreign content, external references and XML tricks under any spelling', () => {
    const bad = [
      `${SVG_OPEN}<script>alert(1)</script></svg>`,
      `<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script>alert(1)</svg:script></svg:svg>`,
      `${SVG_OPEN}<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></svg>`,
      `${SVG_OPEN}<g onclick="alert(1)"/></svg>`,
      `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`,
      `${SVG_OPEN}<g ONCLICK="alert(1)"/></svg>`,
      `${SVG_OPEN}<rect xlink:href="javascript:alert(1)" xmlns:xlink="http://www.w3.org/1999/xlink"/></svg>`,
      `${SVG_OPEN}<g href="javascript:alert(1)"/></svg>`,
      `${SVG_OPEN}<animate attributeName="href" to="javascript:alert(1)"/></svg>`,
      `${SVG_OPEN}<use href="https://evil.example/x.svg#a"/></svg>`,
      `${SVG_OPEN}<image href="https://evil.example/x.png"/></svg>`,
      `${SVG_OPEN}<style>@import url(https://evil.example/x.css);</style></svg>`,
      `${SVG_OPEN}<rect style="fill:url(https://evil.example/x)"/></svg>`,
      `${SVG_OPEN}<rect fill="url(https://evil.example/x#a)"/></svg>`,
      `${SVG_OPEN}<rect fill="url(#a) url(https://evil.example/x)"/></svg>`,
      `${SVG_OPEN}<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>`,
      `${SVG_OPEN}<iframe src="https://evil.example"/></svg>`,
      `<?xml-stylesheet href="https://evil.example/x.css"?>${SVG_OPEN}</svg>`,
      `<!DOCTYPE svg [<!ENTITY x "<script>alert(1)</script>">]>${SVG_OPEN}<text>&x;</text></svg>`,
      `${SVG_OPEN}<text><![CDATA[<script>]]></text></svg>`,
      `${SVG_OPEN}<text>&x;</text></svg>`,
      `<svg><rect/></svg>`,
      `<svg xmlns="http://www.w3.org/1999/xhtml"/>`,
      `${SVG_OPEN}</svg><script xmlns="http://www.w3.org/2000/svg"/>`,
      `${SVG_OPEN}<rect/>`,
      `<g xmlns="http://www.w3.org/2000/svg"/>`,
      `${SVG_OPEN}<rect xml:base="https://evil.example/"/></svg>`,
      '',
      'not xml',
    ];
    for (const svg of bad) assert.equal(isInertSvg(svg), false, svg);
  });

  it('accepts a drawing of the graph page with any document text in it (the shape of the export)', () => {
    const drawing = (s: string) => {
      const a = escapeHtmlAttr(s);
      const t = escapeHtmlText(s);
      return (
        `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200" data-testid="graph-svg" font-family="&quot;Segoe UI&quot;, sans-serif" width="400" height="200">` +
        `<rect width="100%" height="100%" fill="rgb(30, 30, 30)"/>` +
        `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" orient="auto-start-reverse" markerUnits="userSpaceOnUse"><path d="M0,0 L10,5 L0,10 z" class="arrow" fill="rgb(1, 2, 3)"/></marker></defs>` +
        `<g class="edges"><path class="edge cycle" d="M1.0,2.0 L3.0,4.0" marker-end="url(#arrow-cycle)" data-testid="edge-${a}-B" data-source="${a}" data-target="B" stroke="rgb(229, 20, 0)" stroke-width="2px" stroke-dasharray="none" fill="none"><title>${t} → B: prerequisite</title></path></g>` +
        `<g class="nodes"><g class="node kind-module role-0" transform="translate(16,16)" data-testid="node-${a}" data-node-id="${a}"><title>${t}</title>` +
        `<rect class="body" width="160" height="70" rx="4" fill="rgb(37, 37, 38)" stroke="rgb(55, 148, 255)" stroke-opacity="1" fill-opacity="1" opacity="1"/>` +
        `<text class="id" x="9" y="24" font-size="12px" font-weight="600" font-style="normal">${t}</text><text class="kind" x="151" y="23" text-anchor="end">module</text>` +
        `<text class="title" font-size="12"><tspan x="9" y="42">${t}</tspan></text></g></g></svg>`
      );
    };
    assert.equal(svgProblem(drawing('MOD-101')), undefined);
    fc.assert(
      fc.property(hostileText, (s) => assert.equal(svgProblem(drawing(s)), undefined)),
      params,
    );
    for (const s of PAYLOADS) assert.equal(svgProblem(drawing(s)), undefined, s);
  });
});
