// Shared harness of the browser tests: Debian's chromium driven by playwright-core (vendored
// by .ci/install-web.sh into viz/web/node_modules), headless, WebGL through SwiftShader so
// that a machine without a GPU still draws. Collects console errors and failed requests so
// that a test can insist there are none.
'use strict';
const path = require('path');
const fs = require('fs');

const sourceDir = path.resolve(__dirname, '..', '..');
const { chromium } = require(path.join(sourceDir, 'viz', 'web', 'node_modules', 'playwright-core'));

function chromiumPath() {
  for (const p of [process.env.FLOODEVAC_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (p && fs.existsSync(p)) return p;
  }
  throw new Error('no chromium found: install Debian\'s chromium (bash .ci/install-deps.sh) or set FLOODEVAC_CHROMIUM');
}

// Opens a page and records everything that went wrong on it.
async function open_browser() {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
           '--allow-file-access-from-files'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure() && r.failure().errorText})`));
  // Offline means offline: any request leaving the machine is a failure of the test.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => {
    problems.push(`network request: ${route.request().url()}`);
    return route.abort();
  });
  return { browser, context, page, problems };
}

// Runs `body` and exits non-zero with a readable message on any failure or recorded problem.
function run_test(name, body) {
  (async () => {
    const session = await open_browser();
    try {
      await body(session);
      if (session.problems.length) throw new Error(`${session.problems.length} problem(s):\n  ${session.problems.join('\n  ')}`);
      console.log(`${name}: ok`);
    } finally {
      await session.browser.close();
    }
  })().catch((e) => {
    console.error(`${name}: FAILED\n${e && e.stack ? e.stack : e}`);
    process.exit(1);
  });
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

module.exports = { open_browser, run_test, check, sourceDir };
