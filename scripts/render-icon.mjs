#!/usr/bin/env node
// Renders the extension icon media/icon.png (256×256, transparent corners) from media/icon.svg with headless
// Chromium (the same Debian chromium + playwright-core the browser tests use). The PNG is committed; run this
// after editing the SVG:   node scripts/render-icon.mjs [size]
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './setup.mjs';
import { launchChromium } from './vscode.mjs';

const size = Number(process.argv[2] || 256);
const svgFile = path.join(ROOT, 'media/icon.svg');
const pngFile = path.join(ROOT, 'media/icon.png');
const svg = fs.readFileSync(svgFile, 'utf8');

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  const html = `<!doctype html><html><head><style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style></head><body>${svg}</body></html>`;
  await page.setContent(html);
  await page.screenshot({ path: pngFile, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
} finally {
  await browser.close();
}
console.log(`[render-icon] ${path.relative(ROOT, pngFile)}: ${size}×${size}, ${fs.statSync(pngFile).size} bytes`);
