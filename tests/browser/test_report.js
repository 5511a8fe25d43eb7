// report.html of the default run opens from disk in a real browser with no console errors,
// no request leaving the machine, no script or external stylesheet, every image loaded and
// not blank, and every headline number (an element with data-key, its summary.json path)
// equal to the value in summary.json, as shown on the page too.
'use strict';
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const { run_test, check } = require('./browser');

const runDir = process.argv[2];

function at_path(obj, key) {
  let v = obj;
  for (const k of key.split('.')) {
    if (v === null || typeof v !== 'object' || !(k in v)) return undefined;
    v = v[k];
  }
  return v;
}

run_test('report.html', async ({ page }) => {
  const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
  await page.goto(pathToFileURL(path.join(runDir, 'report.html')).href, { waitUntil: 'load' });
  const text = await page.textContent('body');
  check(text && text.length > 100, 'report.html has no text');
  check((await page.$$('script, link[rel=stylesheet], link[rel=preload]')).length === 0,
        'report.html loads a script or an external stylesheet');

  // Images: loaded, and not blank (the luminance varies, more than a handful of colours).
  const images = await page.$$eval('img', (imgs) => imgs.map((img) => {
    const out = { src: img.src, ok: img.complete && img.naturalWidth > 0, sd: 0, colours: 0 };
    if (!out.ok) return out;
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let s = 0, s2 = 0, n = 0;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 7) {  // every 7th pixel is plenty
      const y = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
      s += y; s2 += y * y; n++;
      if (seen.size < 1000) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    }
    out.sd = Math.sqrt(Math.max(0, s2 / n - (s / n) * (s / n)));
    out.colours = seen.size;
    return out;
  }));
  check(images.length >= 3, `expected the maps as images, found ${images.length}`);
  for (const i of images) {
    check(i.ok, `image did not load: ${i.src}`);
    check(i.sd > 5 && i.colours > 20, `image is blank: ${i.src} (luminance sd ${i.sd.toFixed(1)}, ${i.colours} colours)`);
  }

  // Headline numbers: the three first, then the rest; each equals summary.json.
  check((await page.$$('#headline [data-key]')).length === 3, 'the headline three are not on the page');
  const nums = await page.$$eval('[data-key]', (els) => els.map((e) => ({
    key: e.dataset.key, value: e.dataset.value, scale: Number(e.dataset.scale), shown: e.textContent.trim(),
  })));
  check(nums.length >= 6, `only ${nums.length} numbers with a data-key`);
  for (const n of nums) {
    const v = at_path(summary, n.key);
    check(v !== undefined, `${n.key}: not in summary.json`);
    if (v === null) {
      check(n.value === 'null' && !/[0-9]/.test(n.shown), `${n.key}: summary.json has null, the page ${n.value} / ${n.shown}`);
      continue;
    }
    check(Number(n.value) === v, `${n.key}: data-value ${n.value}, summary.json ${v}`);
    const shown = Number(n.shown.replace(/,/g, ''));
    check(Number.isFinite(shown), `${n.key}: "${n.shown}" is not a number`);
    const decimals = (n.shown.split('.')[1] || '').length;
    const tolerance = 0.5 * Math.pow(10, -decimals) * (1 + 1e-9) + 1e-9;
    check(Math.abs(shown - v * n.scale) <= tolerance,
          `${n.key}: the page shows ${n.shown}, summary.json ${v} (x ${n.scale})`);
  }
  if (process.env.FLOODEVAC_SCREENSHOT) await page.screenshot({ path: process.env.FLOODEVAC_SCREENSHOT, fullPage: true });
});
