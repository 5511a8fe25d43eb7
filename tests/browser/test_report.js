// report.html of the default run opens from disk in a real browser with no console errors,
// no request leaving the machine, and every image loaded and not blank.
'use strict';
const path = require('path');
const { pathToFileURL } = require('url');
const { run_test, check } = require('./browser');

const runDir = process.argv[2];
run_test('report.html', async ({ page }) => {
  await page.goto(pathToFileURL(path.join(runDir, 'report.html')).href, { waitUntil: 'load' });
  const images = await page.$$eval('img', (imgs) => imgs.map((i) => ({ src: i.src, ok: i.complete && i.naturalWidth > 0 })));
  for (const i of images) check(i.ok, `image did not load: ${i.src}`);
  const text = await page.textContent('body');
  check(text && text.length > 100, 'report.html has no text');
});
