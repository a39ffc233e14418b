/**
 * Text -> roadmap model. Two readers give a document's blocks (./ir.ts): the
 * structural scanner (./scan.ts), tried first, and remark (./remark.ts), which reads
 * any markdown and takes the texts the scanner declines; one builder (./build.ts)
 * makes the model from the blocks. Parsing never fails: any input gives a model.
 */
import { parseHazard, skippedDoc } from '../limits';
import { emptyDoc, type RoadmapDoc } from '../model';
import type { CompiledSchema } from '../schema/compile';
import { LineIndex } from '../text';
import { buildModel, maskFrontMatter } from './build';
import type { BlockIR } from './ir';
import { remarkBlocks } from './remark';
import { scanRoadmap } from './scan';

/**
 * `auto`: the structural scanner, falling back to remark when it declines the text;
 * `remark`: remark only; `scan`: the scanner only (undefined when it declines). Both
 * give the same model; test/unit/scan.test.ts checks it.
 */
export type ParseMode = 'auto' | 'remark' | 'scan';

export function parseRoadmap(uri: string, text: string, schema: CompiledSchema): RoadmapDoc {
  return parseRoadmapWith(uri, text, schema, 'auto');
}

export function parseRoadmapWith(uri: string, text: string, schema: CompiledSchema, mode: 'auto' | 'remark'): RoadmapDoc;
export function parseRoadmapWith(uri: string, text: string, schema: CompiledSchema, mode: ParseMode): RoadmapDoc | undefined;
export function parseRoadmapWith(uri: string, text: string, schema: CompiledSchema, mode: ParseMode): RoadmapDoc | undefined {
  if (mode !== 'remark') {
    const scanned = scanRoadmap(uri, text, schema);
    if (scanned.value || mode === 'scan') return scanned.value;
    // remark's time grows faster than the text on some inputs (deep nesting, thousands
    // of delimiters or block quotes): such a document is skipped, and said so, not parsed.
    const hazard = parseHazard(text);
    if (hazard) return skippedDoc(uri, text, schema, hazard);
  }
  return parseWithRemark(uri, text, schema);
}

function parseWithRemark(uri: string, source: string, schema: CompiledSchema): RoadmapDoc {
  return remarkParse(uri, source, schema).doc;
}

/**
 * The remark path: the model, and the blocks it was built from (none when the text
 * names no kind, so is no roadmap). test/unit/scan.test.ts compares both with the
 * scanner's, from one remark parse.
 */
export function remarkParse(uri: string, source: string, schema: CompiledSchema): { doc: RoadmapDoc; blocks?: BlockIR } {
  // Front matter is not markdown: blank lines for both parsers (./build.ts).
  const text = maskFrontMatter(source);
  if (!schema.mayBeRoadmap(text)) return { doc: emptyDoc(uri, new LineIndex(text).lineCount) };
  const blocks = remarkBlocks(text);
  return { doc: blocks ? buildModel(uri, blocks, schema) : emptyDoc(uri, new LineIndex(text).lineCount), blocks };
}
