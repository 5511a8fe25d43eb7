// The interactive viewer (floodevac view) of the default run, in a real browser:
//  - `floodevac view RUN_DIR` writes RUN_DIR/viewer; its index.html opens from file:// and,
//    with --serve, from http://127.0.0.1, both with no console error, no failed request and
//    no request leaving the machine;
//  - the WebGL canvas is drawn (many distinct colours, not a blank or single-colour canvas);
//  - moving the slider changes the water frame and the shelters' colours (their fill);
//  - clicking a shelter opens its popup with the capacity of that shelter;
//  - a screenshot for a person to look at: <build>/browser_runs/viewer.png.
// The load time (navigation to the map ready) is printed.
'use strict';
const path = require('path');
const fs = require('fs');
const http = require('http');
const { spawn, execFileSync } = require('child_process');
const { pathToFileURL } = require('url');
const { run_test, check } = require('./browser');

const runDir = path.resolve(process.argv[2]);
const exe = process.env.FLOODEVAC_EXE;
check(exe, 'FLOODEVAC_EXE is not set');
const shot = path.join(path.dirname(runDir), 'viewer.png');

async function openViewer(page, url) {
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.floodevacViewer && window.floodevacViewer.ready, null, { timeout: 120000 });
  return (Date.now() - t0) / 1000;
}

// Distinct colours in a 64 x 40 sample of the map's canvas.
async function canvasColours(page) {
  return page.evaluate(() => {
    const src = window.floodevacViewer.map.getCanvas();
    const c = document.createElement('canvas');
    c.width = 64; c.height = 40;
    const g = c.getContext('2d');
    g.drawImage(src, 0, 0, 64, 40);
    const px = g.getImageData(0, 0, 64, 40).data;
    const seen = new Set();
    for (let i = 0; i < px.length; i += 4) seen.add((px[i] >> 3) << 10 | (px[i + 1] >> 3) << 5 | (px[i + 2] >> 3));
    return seen.size;
  });
}

async function checks(page, label) {
  const v = await page.evaluate(() => ({ n: window.floodevacViewer.shelters.length, trips: window.floodevacViewer.trips }));
  check(v.n > 0, `${label}: no shelters on the map`);
  const colours = await canvasColours(page);
  check(colours > 20, `${label}: the map canvas looks blank (${colours} distinct colours)`);
  // Slider: early in the run, then late; the water frame and the shelters' fill change.
  const at = async (t) => {
    await page.$eval('#time', (el, x) => { el.value = x; el.dispatchEvent(new Event('input')); }, t);
    await page.evaluate(() => new Promise((r) => window.floodevacViewer.map.once('idle', r)));
    return page.evaluate(() => ({
      frame: window.floodevacViewer.state.frameIndex,
      fills: window.floodevacViewer.shelters.map((s, i) => window.floodevacViewer.shelterFill(i)),
      clock: document.getElementById('clock-local').textContent,
    }));
  };
  const early = await at(3 * 3600);
  const late = await at(30 * 3600);
  check(early.frame !== late.frame, `${label}: the water frame did not change with the slider (${early.frame})`);
  check(JSON.stringify(early.fills) !== JSON.stringify(late.fills), `${label}: the shelter colours did not change with the slider`);
  check(early.clock !== late.clock, `${label}: the clock did not change`);
  // Click the fullest shelter: its popup gives its capacity.
  let best = 0;
  late.fills.forEach((f, i) => { if ((f || 0) > (late.fills[best] || 0)) best = i; });
  const s = await page.evaluate((i) => {
    const p = window.floodevacViewer.shelterScreen(i);
    const r = window.floodevacViewer.map.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y, capacity: window.floodevacViewer.shelters[i].capacity };
  }, best);
  await page.mouse.click(s.x, s.y);
  await page.waitForSelector('.maplibregl-popup .capacity', { timeout: 10000 });
  const shown = await page.textContent('.maplibregl-popup .capacity');
  check(Number(shown.replace(/,/g, '')) === Math.round(s.capacity),
        `${label}: the popup says capacity ${shown}, the shelter has ${s.capacity}`);
  return v;
}

run_test('viewer', async ({ page }) => {
  const t0 = Date.now();
  execFileSync(exe, ['view', runDir], { stdio: 'inherit' });
  const writeS = (Date.now() - t0) / 1000;
  const folder = path.join(runDir, 'viewer');
  let bytes = 0;
  for (const f of fs.readdirSync(folder, { recursive: true })) {
    const st = fs.statSync(path.join(folder, f));
    if (st.isFile()) bytes += st.size;
  }
  // From disk.
  const loadFile = await openViewer(page, pathToFileURL(path.join(folder, 'index.html')).href);
  const v = await checks(page, 'file://');
  await page.screenshot({ path: shot });
  // Over HTTP from `view --serve` on a free port.
  const srv = spawn(exe, ['view', runDir, '--serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('view --serve did not start')), 60000);
      srv.stdout.on('data', (d) => {
        out += d;
        const m = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      srv.on('exit', (c) => reject(new Error(`view --serve exited (${c})`)));
    });
    const loadHttp = await openViewer(page, url);
    await checks(page, 'http');
    // The server serves nothing outside the viewer folder.
    const outside = await new Promise((resolve, reject) => {
      http.get(url + '..%2Fmanifest.json', (res) => { res.resume(); resolve(res.statusCode); }).on('error', reject);
    });
    check(outside === 404, `--serve gave ${outside} for a file outside the viewer folder`);
    console.log(`viewer: ${(bytes / 1e6).toFixed(1)} MB, written in ${writeS.toFixed(1)} s; loaded in ` +
                `${loadFile.toFixed(1)} s (file://), ${loadHttp.toFixed(1)} s (http); ${v.trips} trajectories; ` +
                `screenshot ${shot}`);
  } finally {
    srv.kill('SIGINT');
  }
});
