import { shortestCycle } from '../index/graph';
import type { RoadmapDoc } from '../model';
import type { Rule } from './types';

function prerequisiteMention(doc: RoadmapDoc, target: string) {
  return doc.mentions.find((m) => m.kind === 'prerequisite' && m.id === target);
}

export const prerequisiteCycle: Rule = {
  code: 'prerequisite-cycle',
  severity: 'error',
  crossFile: true,
  description: 'Prerequisites form a cycle; every member is flagged, with the cycle in the message.',
  check({ doc, index, describe, report }) {
    if (!doc.id) return;
    const scc = index.cycleOf(doc.id);
    if (!scc) return;
    const within = new Set(scc);
    // Follow this document's own edges first, so the range is on its own text.
    const own = (n: string) => (n === doc.id ? doc.mentions.filter((m) => m.kind === 'prerequisite').map((m) => m.id) : index.prerequisitesOf(n));
    const path = shortestCycle(doc.id, own, within);
    if (!path) return;
    const mention = prerequisiteMention(doc, path[1]);
    if (!mention) return;
    const related = [];
    for (let i = 1; i < path.length - 1; i++) {
      for (const d of index.definitions(path[i])) {
        const m = prerequisiteMention(d, path[i + 1]);
        if (m) related.push({ uri: d.uri, range: m.range, message: `${path[i]} (${describe(d.uri)}) requires ${path[i + 1]}` });
      }
    }
    report({ message: `Prerequisite cycle: ${path.join(' → ')}.`, range: mention.range, related });
  },
};
