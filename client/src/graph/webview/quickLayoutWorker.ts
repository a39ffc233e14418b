/**
 * The quick layout's worker (bundled on its own as dist/graphQuickLayout.js, a few
 * kilobytes): the views of up to QUICK_LAYOUT_MAX boxes (the overview of role tracks, a
 * track, a focus, 200 documents), laid out in milliseconds (quickLayout.ts). The page
 * starts it as it loads, so the first picture waits for neither a layout on its own
 * thread nor ELK's worker (about 1.5 MB to fetch, parse and start).
 */
import { answerLayoutJobs } from './layoutJob';
import { quickLayout } from './quickLayout';

answerLayoutJobs(quickLayout);
