import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import * as PImage from 'pureimage';
import type { Digest } from './compute-digest.ts';

const WIDTH = 900;
const HEIGHT = 420;
const PALETTE = [
  '#1d3557',
  '#e63946',
  '#f4a261',
  '#2a9d8f',
  '#8d99ae',
  '#6a4c93',
  '#ffb703',
  '#219ebc',
];
const FONT = 'DejaVu Sans';
let fontReady: Promise<void> | null = null;

/** The font ships with the `dejavu-fonts-ttf` package, so the chart needs no system fonts or browser. */
function loadFont(): Promise<void> {
  fontReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const file = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
    await PImage.registerFont(file, FONT).load();
  })();
  return fontReady;
}

/**
 * The digest chart as PNG, drawn in pure JavaScript (pureimage): complaints per
 * day for the week by category (stacked bars, left) and the median time from
 * post to approval per day (line, right axis).
 */
export async function renderDigestChart(d: Digest): Promise<Buffer> {
  await loadFont();
  const img = PImage.make(WIDTH, HEIGHT);
  const ctx = img.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, WIDTH, HEIGHT);
  const left = 60;
  const right = WIDTH - 80;
  const top = 60;
  const bottom = HEIGHT - 70;
  const categories = [...new Set(d.week.flatMap((w) => Object.keys(w.byCategory)))].sort();
  const maxCount = Math.max(1, ...d.week.map((w) => w.complaints));
  const scaleMax = niceMax(maxCount);
  const maxMinutes = Math.max(1, ...d.week.map((w) => w.medianResponseMinutes ?? 0));
  const minutesMax = niceMax(maxMinutes);
  const slot = (right - left) / d.week.length;

  text(
    ctx,
    `Complaints per day by category, and median minutes from post to approval (${d.timezone})`,
    left,
    28,
    15,
    '#111111',
  );
  ctx.strokeStyle = '#cccccc';
  ctx.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const y = bottom - ((bottom - top) * i) / 4;
    line(ctx, left, y, right, y);
    text(ctx, tick((scaleMax * i) / 4), 12, y + 4, 11, '#555555');
    text(ctx, `${tick((minutesMax * i) / 4)} min`, right + 8, y + 4, 11, '#e63946');
  }
  d.week.forEach((w, i) => {
    let y = bottom;
    const x = left + i * slot + slot * 0.2;
    categories.forEach((c, ci) => {
      const n = w.byCategory[c] ?? 0;
      if (!n) return;
      const h = ((bottom - top) * n) / scaleMax;
      ctx.fillStyle = PALETTE[ci % PALETTE.length] as string;
      ctx.fillRect(x, y - h, slot * 0.6, h);
      y -= h;
    });
    text(ctx, w.date.slice(5), x, bottom + 18, 11, '#333333');
  });
  ctx.strokeStyle = '#e63946';
  ctx.lineWidth = 3;
  let previous: [number, number] | null = null;
  d.week.forEach((w, i) => {
    if (w.medianResponseMinutes === null) {
      previous = null;
      return;
    }
    const x = left + i * slot + slot * 0.5;
    const y = bottom - ((bottom - top) * w.medianResponseMinutes) / minutesMax;
    if (previous) line(ctx, previous[0], previous[1], x, y);
    ctx.fillStyle = '#e63946';
    ctx.fillRect(x - 3, y - 3, 6, 6);
    previous = [x, y];
  });
  let lx = left;
  categories.forEach((c, ci) => {
    ctx.fillStyle = PALETTE[ci % PALETTE.length] as string;
    ctx.fillRect(lx, HEIGHT - 30, 12, 12);
    text(ctx, c.replace(/_/g, ' '), lx + 16, HEIGHT - 19, 11, '#333333');
    lx += 24 + c.length * 7;
  });
  if (categories.length === 0)
    text(ctx, 'No complaints this week.', left + 10, (top + bottom) / 2, 14, '#555555');
  return encode(img);
}

type Ctx = ReturnType<ReturnType<typeof PImage.make>['getContext']>;

function text(ctx: Ctx, value: string, x: number, y: number, size: number, color: string): void {
  ctx.fillStyle = color;
  ctx.font = `${size}pt '${FONT}'`;
  ctx.fillText(value, x, y);
}

function tick(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function line(ctx: Ctx, x1: number, y1: number, x2: number, y2: number): void {
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x2, y2);
  ctx.stroke();
}

/** An axis top divisible into four round steps (1, 2, 2.5 or 5 × 10^k). */
function niceMax(n: number): number {
  const raw = Math.max(n, 1) / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  return step * 4;
}

async function encode(img: ReturnType<typeof PImage.make>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await PImage.encodePNGToStream(img, out);
  return Buffer.concat(chunks);
}
