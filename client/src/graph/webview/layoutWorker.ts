/**
 * The graph's ELK worker (bundled on its own as dist/graphLayout.js): elkjs lays out the
 * views larger than QUICK_LAYOUT_MAX boxes here, never on the page's thread, so the editor
 * keeps answering while a large graph is laid out. The page starts it with the first such
 * view (started with the page, its second of CPU made pan and zoom stutter on a 2-core
 * machine), from a blob URL of this script (a webview may start workers only from blob: or
 * data: URLs); a request the page no longer wants is abandoned by terminating the worker.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import { layoutBoxes, layoutOptions } from './layout';
import { answerLayoutJobs } from './layoutJob';

// elk.bundled.js runs ELK in this thread (its FakeWorker); it also installs its own
// message handler on a worker's global scope, which answerLayoutJobs replaces.
const elk = new ELK();
// ELK's first layout initialises most of its classes (seconds on a slow machine): a tiny one at the worker's
// start, which the first request then finds done or under way.
void elk.layout({ id: 'warm-up', layoutOptions: layoutOptions(2), children: [{ id: 'a', width: 10, height: 10 }, { id: 'b', width: 10, height: 10 }], edges: [{ id: 'e', sources: ['a'], targets: ['b'] }] }).catch(() => {});

answerLayoutJobs((request, measure) => layoutBoxes(elk, request, measure));
