// The README's screenshot of `roadmap report --format html` on examples/curriculum,
// as headless Chromium shows it: node scripts/report-screenshot.mjs [chromium path]
// (needs dist/ built; default browser /usr/bin/chromium). Writes images/report.png.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const executablePath = process.argv[2] ?? process.env.CHROMIUM ?? '/usr/bin/chromium';
const r = spawnSync(process.execPath, ['dist/cli.js', 'report', 'examples/curriculum', '--format', 'html'], { encoding: 'utf8' });
if (r.status !== 0) throw new Error(`roadmap report failed: ${r.stderr}`);
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-report-')), 'report.html');
fs.writeFileSync(file, r.stdout);
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1240, height: 900 }, deviceScaleFactor: 1 });
  // Offline on purpose: the page must need nothing from the network.
  await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  await page.goto(`file://${file}`);
  await page.screenshot({ path: 'images/report.png', fullPage: true });
} finally {
  await browser.close();
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
console.log('wrote images/report.png');
