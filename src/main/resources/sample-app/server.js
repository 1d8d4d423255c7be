'use strict';
// The sample web app of webapp-upgrade: plain Node.js, no packages.
//   GET /            -> "version=<v>" (v is read from the VERSION file of this release)
//   GET /health      -> 200, or 503 forever when this release holds an UNHEALTHY file
//   GET /slow?ms=N   -> answers after N ms (to have requests in flight during a drain)
// A release may hold FAIL_EVERY (a number N: every Nth request other than /health answers 500, a
// release that is healthy but wrong) and DELAY_MS (a number: / answers that much later, a slow release).
// Listens on $HOST:$PORT. On SIGTERM it stops accepting, lets in-flight requests finish, then exits.
const http = require('http');
const fs = require('fs');
const path = require('path');

const here = __dirname;
const version = fs.readFileSync(path.join(here, 'VERSION'), 'utf8').trim();
const healthy = !fs.existsSync(path.join(here, 'UNHEALTHY'));
function numberFile(name) {
  const file = path.join(here, name);
  return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').trim()) : 0;
}
const failEvery = numberFile('FAIL_EVERY');
const delayMs = numberFile('DELAY_MS');
let served = 0;
const port = Number(process.env.PORT || 8080);
const host = process.env.HOST || '127.0.0.1';
const MAX_SLOW_MS = 600000;

let inFlight = 0;
let stopping = false;

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-App-Version': version });
  res.end(text + '\n');
}

const server = http.createServer((req, res) => {
  inFlight++;
  res.on('close', () => { inFlight--; });
  if (stopping) {
    // A request that arrived on a kept-alive connection during shutdown: answer and close.
    res.setHeader('Connection', 'close');
  }
  const url = new URL(req.url, 'http://localhost');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'method not allowed');
  } else if (url.pathname !== '/health' && failEvery > 0 && ++served % failEvery === 0) {
    send(res, 500, 'failed on purpose (1 in ' + failEvery + ') version=' + version);
  } else if (url.pathname === '/') {
    if (delayMs > 0) {
      setTimeout(() => send(res, 200, 'version=' + version), delayMs);
    } else {
      send(res, 200, 'version=' + version);
    }
  } else if (url.pathname === '/health') {
    if (healthy) {
      send(res, 200, 'ok version=' + version);
    } else {
      send(res, 503, 'unhealthy version=' + version);
    }
  } else if (url.pathname === '/slow') {
    const ms = Number(url.searchParams.get('ms') || '1000');
    if (!Number.isInteger(ms) || ms < 0 || ms > MAX_SLOW_MS) {
      send(res, 400, 'ms must be a whole number from 0 to ' + MAX_SLOW_MS);
      return;
    }
    setTimeout(() => send(res, 200, 'version=' + version + ' slept=' + ms), ms);
  } else {
    send(res, 404, 'not found');
  }
});

function shutdown(signal) {
  if (stopping) {
    return;
  }
  stopping = true;
  console.log(`received ${signal}: no new connections, finishing ${inFlight} request(s) in flight`);
  server.close(() => {
    console.log('all requests finished, exiting');
    process.exit(0);
  });
  // Idle kept-alive connections would hold close() open forever; busy ones close after their response.
  server.closeIdleConnections();
}

process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

server.on('error', (err) => {
  console.error(`cannot listen on ${host}:${port}: ${err.message}`);
  process.exit(1);
});

server.listen(port, host, () => {
  console.log(`sample app version=${version} listening on ${host}:${port}` + (healthy ? '' : ' (UNHEALTHY)'));
});
