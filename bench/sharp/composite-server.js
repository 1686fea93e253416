// The composite of bench/composite.sh made by sharp for every request (no result cache): the photo shrunk on load
// and resized into a 4200 x 3200 canvas seen at 800 px, its drop shadow (the $shadow$ macro: black at 75 %,
// multiplied, offset 5 and blurred 5 canvas pixels) and a badge, then JPEG Q80. Usage: node composite-server.js
// photo.jpg badge.png port
const http = require('http');
const sharp = require('sharp');

sharp.cache(false);
const [photo, badge, port] = process.argv.slice(2);
const s = 800 / 4200;
const W = 800, H = Math.round(3200 * s);
const pw = Math.round(4000 * s), ph = Math.round(3000 * s), px = Math.round(100 * s), py = Math.round(100 * s);
const pad = 3, offset = Math.round(5 * s), sigma = Math.max(0.3, 2.5 * s);
const bw = Math.round(800 * s), bh = Math.round(400 * s);
const bx = Math.round((2100 + 1500 - 400) * s), by = Math.round((1600 - 1100 - 200) * s);

async function composite() {
  const [photoPixels, shadow, badgePixels] = await Promise.all([
    sharp(photo).resize(pw, ph).toBuffer(),
    sharp({ create: { width: pw, height: ph, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.75 } } })
      .extend({ top: pad, bottom: pad, left: pad, right: pad, background: { r: 0, g: 0, b: 0, alpha: 0 } })
      .blur(sigma).png({ compressionLevel: 0 }).toBuffer(),
    sharp(badge).resize(bw, bh).toBuffer(),
  ]);
  return sharp({ create: { width: W, height: H, channels: 3, background: '#e0e0e0' } })
    .composite([
      { input: shadow, left: px + offset - pad, top: py + offset - pad, blend: 'multiply' },
      { input: photoPixels, left: px, top: py },
      { input: badgePixels, left: bx, top: by },
    ])
    .jpeg({ quality: 80 }).toBuffer();
}

http.createServer((req, res) => {
  composite().then(body => {
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': body.length });
    res.end(body);
  }, error => {
    res.writeHead(500);
    res.end(String(error));
  });
}).listen(Number(port), '127.0.0.1');
