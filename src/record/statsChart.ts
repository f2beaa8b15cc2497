// Questions per day as a small stacked bar chart: an SVG drawn here, rendered to PNG in-process by resvg
// with a bundled font (no browser, no network, no system fonts needed).
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DayCounts } from './questionRecord.js';

const WIDTH = 640;
const HEIGHT = 320;
const MARGIN = { top: 40, right: 16, bottom: 48, left: 40 };
const SERIES = [
  { key: 'answered', label: 'answered', colour: '#2b6cb0' },
  { key: 'suggested', label: 'suggested', colour: '#d69e2e' },
  { key: 'declined', label: 'declined', colour: '#a0aec0' },
  { key: 'chat', label: 'chat', colour: '#38a169' },
] as const;

function fontFile(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf');
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A round step for the y axis so there are at most about five grid lines. */
function yStep(max: number): number {
  const rough = Math.max(1, max / 5);
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? rough;
}

export function statsChartSvg(days: readonly DayCounts[], title: string): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const totals = days.map((d) => SERIES.reduce((n, s) => n + d[s.key], 0));
  const step = yStep(Math.max(1, ...totals));
  const top = Math.max(step, Math.ceil(Math.max(1, ...totals) / step) * step);
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const slot = plotWidth / Math.max(1, days.length);
  const parts: string[] = [
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="24" font-size="16" font-weight="bold" fill="#1a202c">${escapeXml(title)}</text>`,
  ];
  for (let v = 0; v <= top; v += step) {
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e2e8f0"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y(v) + 4}" font-size="11" text-anchor="end" fill="#4a5568">${v}</text>`);
  }
  days.forEach((day, i) => {
    const x = MARGIN.left + i * slot + slot * 0.15;
    let base = 0;
    for (const series of SERIES) {
      const value = day[series.key];
      if (value > 0) {
        parts.push(
          `<rect x="${x}" y="${y(base + value)}" width="${slot * 0.7}" height="${y(base) - y(base + value)}" fill="${series.colour}"/>`,
        );
      }
      base += value;
    }
    parts.push(
      `<text x="${x + slot * 0.35}" y="${HEIGHT - MARGIN.bottom + 14}" font-size="10" text-anchor="middle" fill="#4a5568">${escapeXml(day.day.slice(5))}</text>`,
    );
  });
  SERIES.forEach((series, i) => {
    const x = MARGIN.left + i * 110;
    parts.push(`<rect x="${x}" y="${HEIGHT - 20}" width="10" height="10" fill="${series.colour}"/>`);
    parts.push(`<text x="${x + 14}" y="${HEIGHT - 11}" font-size="11" fill="#2d3748">${series.label}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="DejaVu Sans">${parts.join('')}</svg>`;
}

/** The chart as PNG. The renderer (a native module) is loaded on the first chart, not at every start. */
export async function renderStatsChart(days: readonly DayCounts[], title: string): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(statsChartSvg(days, title), {
    font: { fontFiles: [fontFile()], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
