import { createRequire } from 'node:module';
import { renderAsync } from '@resvg/resvg-js';

/*
 * SVG → PNG with resvg (Rust, prebuilt for each platform as an npm optional package; no browser,
 * no canvas). Text is drawn with DejaVu Sans from the dejavu-fonts-ttf package, never the
 * machine's fonts, so a chart looks the same on every machine and needs no system package.
 */

/** The one font family every chart's text uses. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) =>
  createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${file}`),
);

/** Draws an SVG document as PNG bytes at `scale` × its own size, off the event loop (libuv's pool). */
export async function svgToPng(svg: string, scale: number): Promise<Uint8Array> {
  const image = await renderAsync(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    logLevel: 'off',
  });
  return new Uint8Array(image.asPng());
}
