// Takes the docs' dashboard picture (docs/images/dashboard.png) from a running scientist, with
// Debian's Chromium: `node challenges/scripts/dashboard-picture.mjs <dashboard URL>`. Run it at the
// tutorial's challenge 5 (round's two candidates and sort's candidate-fixme deployed, traffic
// flowing), so the picture shows the tutorial's experiments.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const url = process.argv[2];
if (!url) throw new Error('usage: node challenges/scripts/dashboard-picture.mjs <dashboard URL>');
const output = fileURLToPath(new URL('../../docs/images/dashboard.png', import.meta.url));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url, { waitUntil: 'load' });
  // The views refresh every few seconds; wait for one refresh to have drawn the data.
  await page.waitForTimeout(6_000);
  await page.screenshot({ path: output, fullPage: true });
  process.stdout.write(`wrote ${output}\n`);
} finally {
  await browser.close();
}
