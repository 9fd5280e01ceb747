// common.js: what the browser tests share (whatif.js, data.js): failing
// with the test's own prefix, `samflyt serve DIR` on a free loopback port,
// and Debian's chromium through puppeteer-core.
'use strict';
const { spawn } = require('child_process');
const puppeteer = require('puppeteer-core');

// A fail(msg) that prints "<what> FAILED: msg" (what CTest looks for) and throws.
function failer(what) {
  return (msg) => {
    console.log(what + ' FAILED: ' + msg);
    process.exitCode = 1;
    throw new Error(msg);
  };
}

// `samflyt serve dir --port 0`: resolves to {p, url} once it prints its address.
function startServer(samflyt, dir) {
  return new Promise((resolve, reject) => {
    const p = spawn(samflyt, ['serve', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/open (http:\/\/\S+)\n/);
      if (m) resolve({ p, url: m[1] });
    });
    p.on('exit', (code) => reject(new Error('samflyt serve exited ' + code)));
  });
}

function launch() {
  return puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

module.exports = { failer, startServer, launch };
