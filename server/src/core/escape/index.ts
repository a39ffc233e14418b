/**
 * Escaping of document text for every output the project writes: one module per
 * format, each taking text from a document (titles, IDs, roles, competencies) and
 * returning text that the format reads as that literal text and nothing else.
 *
 * - `label.ts`: shared by all: bidi and invisible characters shown as visible marks
 *   (`neutraliseControls`), one line (`oneLine`), the bound of drawn labels (`boundLabel`).
 * - `mermaid.ts`: Mermaid flowchart labels and `%%` comment lines (no directive, no markup).
 * - `dot.ts`: Graphviz dot IDs, labels and tooltips (escString: no `\N`-style
 *   substitutions, `&` not read as an entity).
 * - `markdown.ts`: markdown text for hovers and reports (no emphasis, HTML, entity or
 *   autolink the document did not mean), table cells, link destinations.
 * - `html.ts`: HTML text and attribute values.
 * - `svg.ts`: the check of an SVG drawing the graph page hands over for export
 *   (parsed as XML, elements and attributes allow-listed).
 *
 * SECURITY.md says what each output promises and which tests hold it to that.
 */
export * from './label';
export * from './mermaid';
export * from './dot';
export * from './markdown';
export * from './html';
export * from './svg';
