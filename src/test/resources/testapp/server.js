// Test-only app server: GET / answers "version=<v>", /health answers ok, /slow?ms=N answers after N ms.
// On SIGTERM it stops accepting, lets requests in flight finish, then exits.
'use strict';
const http = require('http');

const port = Number(process.argv[2]);
const version = process.argv[3] || '1.0.0';
let closing = false;

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (closing) {
    res.setHeader('Connection', 'close');
  }
  res.setHeader('Content-Type', 'text/plain');
  if (url.pathname === '/health') {
    res.end(closing ? 'stopping\n' : 'ok\n');
  } else if (url.pathname === '/slow') {
    const ms = Math.min(Number(url.searchParams.get('ms')) || 1000, 600000);
    setTimeout(() => res.end('version=' + version + '\n'), ms);
  } else {
    res.end('version=' + version + '\n');
  }
});

server.listen(port, '127.0.0.1', () => console.log('listening on 127.0.0.1:' + port + ' version ' + version));

process.on('SIGTERM', () => {
  closing = true;
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  // a client holding a connection open must not keep the process forever
  setTimeout(() => process.exit(0), 60000).unref();
});
