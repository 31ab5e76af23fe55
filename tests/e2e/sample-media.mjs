// Writes the demo's sample media into www/media/, so the sample payloads of the demo render with
// no network: `node tests/e2e/sample-media.mjs` (needs Chromium for the video, as `make test-e2e`).
//
// Everything is drawn or synthesised here, nothing is downloaded: a PNG photo (encoded below with
// zlib), a WAV chime (PCM samples), a one-page PDF, and a WebM clip recorded from a canvas by
// Chromium's MediaRecorder (the one encoder at hand that writes a format browsers play). The SVG
// images beside them are written by hand. Each file stays under 30 KB.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";
import { chromium } from "playwright-core";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const OUT = path.join(ROOT, "www/media");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// ---------------------------------------------------------------------------------------------
// PNG: a small landscape (sky, sun, two hills, a lake), 8-bit RGB.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(width, height, pixel) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      raw.set([r, g, b].map((v) => Math.max(0, Math.min(255, Math.round(v)))), row + 1 + x * 3);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);

function landscape(x, y) {
  const W = 240;
  const H = 150;
  const sky = mix([92, 148, 230], [255, 196, 140], y / 95);
  const hillFar = 88 + 12 * Math.sin(x / 23) + 6 * Math.sin(x / 9 + 1);
  const hillNear = 104 + 10 * Math.sin(x / 31 + 2);
  const lake = 120;
  if (y >= lake) {
    const shimmer = (Math.floor(x / 6) + y) % 7 === 0 ? 18 : 0;
    return mix([52, 104, 170], [30, 60, 110], (y - lake) / (H - lake)).map((v) => v + shimmer);
  }
  if (y >= hillNear) return mix([70, 140, 72], [40, 96, 50], (y - hillNear) / (lake - hillNear));
  if (y >= hillFar) return mix([96, 150, 120], [70, 120, 96], (y - hillFar) / (hillNear - hillFar + 1));
  const d = Math.hypot(x - W * 0.72, y - 52);
  if (d < 16) return [255, 236, 160];
  if (d < 22) return mix([255, 226, 150], sky, (d - 16) / 6);
  return sky;
}

// ---------------------------------------------------------------------------------------------
// WAV: a three-note chime, 1.2 s (a player rounds anything under 1 s to 0:00), 8 kHz, 8-bit mono PCM.

function chime() {
  const rate = 8000;
  const seconds = 1.2;
  const n = Math.round(rate * seconds);
  const samples = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    const note = (f, start) => (t < start ? 0 : Math.sin(2 * Math.PI * f * (t - start)) * Math.exp(-(t - start) * 5));
    const attack = Math.min(1, t / 0.01);
    const v = attack * 0.4 * (note(659.25, 0) + note(880, 0.25) + note(1318.5, 0.5));
    samples[i] = 128 + Math.round(Math.max(-1, Math.min(1, v)) * 120);
  }
  const head = Buffer.alloc(44);
  head.write("RIFF", 0, "latin1");
  head.writeUInt32LE(36 + n, 4);
  head.write("WAVEfmt ", 8, "latin1");
  head.writeUInt32LE(16, 16); // fmt chunk size
  head.writeUInt16LE(1, 20); // PCM
  head.writeUInt16LE(1, 22); // mono
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate, 28); // bytes per second
  head.writeUInt16LE(1, 32); // block align
  head.writeUInt16LE(8, 34); // bits per sample
  head.write("data", 36, "latin1");
  head.writeUInt32LE(n, 40);
  return Buffer.concat([head, samples]);
}

// ---------------------------------------------------------------------------------------------
// PDF: one A6 page of text, with the cross-reference offsets computed.

function pdf(lines) {
  const text = lines
    .map((l, i) => `BT /F1 ${i === 0 ? 16 : 11} Tf 24 ${360 - i * 22} Td (${l.replace(/[()\\]/g, "\\$&")}) Tj ET`)
    .join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 298 420] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${Buffer.byteLength(text, "latin1")} >>\nstream\n${text}\nendstream`,
  ];
  let out = "%PDF-1.4\n";
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

// ---------------------------------------------------------------------------------------------
// WebM: 1.5 s of a moving ball, 160×90, VP8, recorded by Chromium from a canvas.

async function clip() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage();
    const b64 = await page.evaluate(async () => {
      const canvas = Object.assign(document.createElement("canvas"), { width: 160, height: 90 });
      document.body.append(canvas);
      const g = canvas.getContext("2d");
      const draw = (t) => {
        g.fillStyle = "#1c2a4d";
        g.fillRect(0, 0, 160, 90);
        g.fillStyle = "#4d7cff";
        g.fillRect(0, 70, 160, 20);
        const x = 20 + 120 * (t / 1500);
        const y = 62 - 40 * Math.abs(Math.sin((t / 1500) * Math.PI * 2));
        g.fillStyle = "#ffd25a";
        g.beginPath();
        g.arc(x, y, 8, 0, Math.PI * 2);
        g.fill();
      };
      draw(0);
      const rec = new MediaRecorder(canvas.captureStream(15), {
        mimeType: "video/webm;codecs=vp8",
        videoBitsPerSecond: 60_000,
      });
      const parts = [];
      rec.ondataavailable = (e) => parts.push(e.data);
      const stopped = new Promise((r) => (rec.onstop = r));
      rec.start();
      const t0 = performance.now();
      await new Promise((done) => {
        const frame = () => {
          const t = performance.now() - t0;
          draw(Math.min(t, 1500));
          if (t < 1500) requestAnimationFrame(frame);
          else done();
        };
        requestAnimationFrame(frame);
      });
      rec.stop();
      await stopped;
      const bytes = new Uint8Array(await new Blob(parts, { type: "video/webm" }).arrayBuffer());
      let s = "";
      for (const b of bytes) s += String.fromCharCode(b);
      return btoa(s);
    });
    return Buffer.from(b64, "base64");
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------------

const files = {
  "photo.png": png(240, 150, landscape),
  "chime.wav": chime(),
  "notes.pdf": pdf([
    "botpress-chat-wasm",
    "A sample file for the demo page.",
    "It is served by the local emulator,",
    "so the file message works offline.",
  ]),
  "clip.webm": await clip(),
};
for (const [name, bytes] of Object.entries(files)) {
  await writeFile(path.join(OUT, name), bytes);
  console.log(`www/media/${name}: ${bytes.length} bytes`);
}
