// data.js: a data file's page of samflyt serve in a real browser
// (tests/serve.cmake): Debian's chromium through puppeteer-core.
//
// usage: node data.js SAMFLYT DIR FILE FROM TO [PNG]
//
// Serves DIR on a free loopback port, opens FILE's data page, reads the
// figures of the whole file, chooses the period FROM..TO in the form and
// shows it: the page must come back with that period filled in, other
// figures (stays, patients) and the flow report's charts, and no error.
'use strict';
const { failer, startServer, launch } = require('./common');

const [samflyt, dir, file, from, to, png] = process.argv.slice(2);

const fail = failer('browser data page');

// "11 stays of 3 patients" from the report's first paragraph.
async function figures(page) {
  const text = await page.$eval('body', (b) => b.innerText);
  const m = text.match(/(\d+) stays of (\d+) patients/);
  if (!m) fail('no figures on the page: ' + text.slice(0, 300));
  const charts = await page.$$eval('svg', (s) => s.length);
  return { stays: Number(m[1]), patients: Number(m[2]), charts };
}

(async () => {
  const { p, url } = await startServer(samflyt, dir);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('requestfailed', (r) => errors.push('request failed: ' + r.url()));
    const base = new URL(url);
    // from the start page, as a planner would
    await page.goto(`${base.origin}/`, { waitUntil: 'load' });
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
      page.click(`a[href="/data?path=${file}"]`)]);
    const all = await figures(page);
    if (all.charts < 1) fail('no chart on the page of the whole file');
    await page.$eval('input[name=from]', (e, v) => { e.value = v; }, from);
    await page.$eval('input[name=to]', (e, v) => { e.value = v; }, to);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
      page.click('form.filter button[type=submit]')]);
    const part = await figures(page);
    if (!(part.stays < all.stays)) fail(`the period did not change the figures: ${all.stays} -> ${part.stays} stays`);
    const kept = await page.$eval('input[name=from]', (e) => e.value);
    if (kept !== from) fail('the period is not kept in the form: ' + kept);
    if (await page.$('.error')) fail('an error on the page: ' + (await page.$eval('.error', (e) => e.textContent)));
    if (errors.length) fail('page errors: ' + errors.join('; '));
    if (png) await page.screenshot({ path: png, fullPage: false });
    console.log(`browser data page ok: ${all.stays} stays of ${all.patients} patients, ` +
      `${from}..${to}: ${part.stays} stays of ${part.patients} patients`);
  } finally {
    await browser.close();
    p.kill('SIGTERM');
  }
})().catch((e) => {
  if (!process.exitCode) console.log('browser data page FAILED: ' + e.message);
  process.exitCode = 1;
});
