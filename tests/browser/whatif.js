// whatif.js: samflyt serve in a real browser (tests/serve.cmake): Debian's
// chromium, driven by puppeteer-core (pinned in package-lock.json; no
// browser is downloaded).
//
// usage: node whatif.js SAMFLYT DIR MODEL INPUT A B [PNG]
//
// Serves DIR on a free loopback port, opens MODEL's page, sets the what-if
// input whose data-path is INPUT (a capacity) to A and runs the what-if,
// then to B and runs it again. Checks that each run adds a card, that the
// forest plots (the compare report's: each what-if's level against the
// dashed base line) show the first what-if beside the second, that their
// dots differ, and (the test, without PNG) that more capacity than the
// model's draws the unit's own wait left of the base line (shorter).
// PNG: a screenshot of the page at the end, for docs/img (the sign is not
// checked then: in a network, another unit's wait may rise).
'use strict';
const { failer, startServer, launch } = require('./common');

const [samflyt, dir, model, input, a, b, png] = process.argv.slice(2);

const fail = failer('browser what-if');

// The unit's wait chart in the forest plots: what-if n's dot's x against
// the base line's (null when it has no dot).
async function waitSide(page, unit, n) {
  return page.$eval('#forest', (f, unit, n) => {
    for (const svg of f.querySelectorAll('svg.forest')) {
      const t = svg.querySelector('title');
      if (!t || !t.textContent.startsWith(unit + ': ') || !/wait/.test(t.textContent)) continue;
      const dot = svg.querySelector(`circle[data-key^="what-if ${n}/${unit}/"]`);
      if (!dot) return null;
      return parseFloat(dot.getAttribute('cx')) - parseFloat(svg.querySelector('line.base').getAttribute('x1'));
    }
    return null;
  }, unit, n);
}

async function run(page, value, n) {
  await page.$eval(`input[data-path="${input}"]`, (el, v) => { el.value = v; }, String(value));
  await page.click('form#whatif button[type=submit]');
  await page.waitForSelector(`#forest[data-n="${n}"]`, { timeout: 60000 });
  const status = await page.$eval('#status', (e) => e.textContent);
  if (!/done in/.test(status)) fail('status after what-if ' + n + ': ' + status);
  return page.$eval(`#variant-${n}`, (e) => e.innerHTML);
}

(async () => {
  const { p, url } = await startServer(samflyt, dir);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: png ? 1500 : 900 });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('requestfailed', (r) => errors.push('request failed: ' + r.url()));
    const base = new URL(url);
    await page.goto(`${base.origin}/model?path=${encodeURIComponent(model)}`, { waitUntil: 'load' });
    const before = await page.$eval(`input[data-path="${input}"]`, (el) => Number(el.value));
    const charts = await page.$$eval('#occupancy svg', (s) => s.length);
    if (charts < 2) fail('the base run charts are missing: ' + charts);
    if ((await page.$$('#variants .variant')).length) fail('cards before any what-if');
    const unit = input.split('.')[1];
    const first = await run(page, a, 1);
    const side = await waitSide(page, unit, 1);
    if (!png && Number(a) > before && !(side < 0))
      fail(`more capacity (${before} -> ${a}) must draw the wait left of the base line, got ${side}`);
    if (!/download the model/.test(first)) fail('no download link');
    const chart1 = await page.$eval('#forest', (e) => e.innerHTML);
    const second = await run(page, b, 2);
    const side1 = await waitSide(page, unit, 1), side2 = await waitSide(page, unit, 2);
    if (side1 !== side && !png) fail(`what-if 1 moved in the chart: ${side} then ${side1}`);
    if (!png && (side2 === null || side2 === side1))
      fail(`what-if 2 is not drawn beside what-if 1 with its own level: ${side1}, ${side2}`);
    if ((await page.$eval('#forest', (e) => e.innerHTML)) === chart1) fail('the chart did not change');
    const cards = await page.$$eval('#variants .variant', (cs) => cs.map((c) => c.id));
    if (cards.join() !== 'variant-1,variant-2') fail('the what-ifs are not side by side: ' + cards);
    const tops = await page.$$eval('#variants .variant', (cs) => cs.map((c) => c.getBoundingClientRect().top));
    if (tops[0] !== tops[1]) fail('card 2 is below card 1, not beside it: ' + tops);
    if ((await page.$eval('#variant-1', (e) => e.innerHTML)) !== first) fail('what-if 1 changed');
    if (first === second) fail('the second card is the first');
    const h1 = await page.$eval('#variant-1 h3', (e) => e.textContent);
    if (!h1.includes(`${before} \u2192 ${a}`)) fail('the card does not say what changed: ' + h1);
    // the report of the chosen variants: the first card left out
    await page.$eval('#variant-1 input.pick', (e) => { e.checked = false; });
    const [resp] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/report'), { timeout: 120000 }),
      page.click('#report'),
    ]);
    const sent = JSON.parse(resp.request().postData());
    if (sent.variants.length !== 1 || sent.variants[0].changes[0].value !== Number(b))
      fail('the report was asked for the wrong variants: ' + resp.request().postData());
    const hd = resp.headers();
    if (resp.status() !== 200 || !/^text\/html/.test(hd['content-type']) ||
        !/attachment; filename="report.html"/.test(hd['content-disposition']))
      fail('the report: ' + resp.status() + ' ' + JSON.stringify(hd));
    await page.waitForFunction(() => /saved/.test(document.getElementById('report-status').textContent),
      { timeout: 10000 });
    // the screenshot shows every variant: the first ticked again
    if (png) await page.$eval('#variant-1 input.pick', (e) => { e.checked = true; });
    const sc = await page.$('button[data-scenario]');
    if (sc) {
      // the model's own scenario, run from its button, joins the others
      await sc.click();
      await page.waitForSelector('#forest[data-n="3"]', { timeout: 60000 });
      const h3 = await page.$eval('#variant-3 h3', (e) => e.textContent);
      if (!h3.startsWith('Scenario 3: ')) fail('scenario card: ' + h3);
    }
    if (errors.length) fail('page errors: ' + errors.join('; '));
    if (png) await page.screenshot({ path: png, fullPage: false });
    console.log(`browser what-if ok: ${input} ${before} -> ${a} (wait dot ${side === null ? 'not drawn' : side.toFixed(1) + ' px'} from the base), then ${b} (${side2 === null ? 'not drawn' : side2.toFixed(1) + ' px'})`);
  } finally {
    await browser.close();
    p.kill('SIGTERM');
  }
})().catch((e) => {
  if (!process.exitCode) console.log('browser what-if FAILED: ' + e.message);
  process.exitCode = 1;
});
