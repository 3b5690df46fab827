// The baseline: a bare node:http server that reads the whole body and answers 200 with a small JSON.
// For the query phase it also serves stored bytes: PUT /stash/<name> keeps the body, GET /stash/<name>
// answers it as JSON (what it costs to move and parse a page of that size with no work behind it).
import { createServer } from 'node:http';

const stash = new Map();

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const stashed = req.url.startsWith('/stash/') ? req.url.slice(7) : null;
    if (stashed !== null && req.method === 'PUT') stash.set(stashed, body);
    const text = stashed !== null && req.method === 'GET' ? stash.get(stashed) ?? '{}' : JSON.stringify({ ok: true, size: body.length });
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  });
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`bare listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
