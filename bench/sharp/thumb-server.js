// The peer of bench/sources.sh: a 400 px wide JPEG Q80 thumbnail of a file in the folder, made by sharp for every
// request (no result cache), as an image optimizer would: shrink on load, embedded profiles converted to sRGB.
// Usage: node thumb-server.js folder port; GET /<file name>
const http = require('http');
const path = require('path');
const sharp = require('sharp');

sharp.cache(false);
const [folder, port] = process.argv.slice(2);

http.createServer((req, res) => {
  const name = decodeURIComponent(new URL(req.url, 'http://x').pathname.slice(1));
  if (name.includes('/') || name.startsWith('.')) {
    res.writeHead(400);
    res.end('bad name');
    return;
  }
  sharp(path.join(folder, name)).resize({ width: 400 }).jpeg({ quality: 80 }).toBuffer().then(body => {
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': body.length });
    res.end(body);
  }, error => {
    res.writeHead(500);
    res.end(String(error));
  });
}).listen(Number(port), '127.0.0.1');
