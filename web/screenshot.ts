/**
 * Writes docs/playground.png, the README's picture of the playground: builds the site,
 * serves it with `vite preview` (cross-origin isolation headers included), trains the
 * default text model on Moby-Dick for a while in headless Chromium and photographs a tab.
 *
 *   npx tsx web/screenshot.ts                 # the Text tab after 25 s of training
 *   npx tsx web/screenshot.ts --view gates    # the Look inside tab instead
 *   npx tsx web/screenshot.ts --seconds 10 --out /tmp/shot.png
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

const { values } = parseArgs({
  options: {
    view: { type: 'string', default: 'text' },
    seconds: { type: 'string', default: '25' },
    out: { type: 'string', default: fileURLToPath(new URL('../docs/playground.png', import.meta.url)) },
  },
});
const configFile = fileURLToPath(new URL('./vite.config.ts', import.meta.url));

await build({ configFile, logLevel: 'error' });
const server = await preview({ configFile, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
const url = server.resolvedUrls?.local[0];
if (!url) throw new Error('vite preview did not report a URL');
const browser = await chromium.launch({
  executablePath: process.env['LSTM_CHROMIUM'] ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 960 }, deviceScaleFactor: 1 });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.click('#train');
  // Until the time is up or the run ends by itself.
  await page.waitForFunction(
    (s) => Number(document.getElementById('train-stats')?.dataset['seconds']) >= s || document.getElementById('panel-text')?.dataset['state'] === 'done',
    Number(values.seconds),
    { timeout: (Number(values.seconds) + 120) * 1000 },
  );
  if ((await page.getAttribute('#panel-text', 'data-state')) === 'training') {
    await page.click('#stop');
    await page.waitForSelector('#panel-text[data-state="stopped"]');
  }
  console.log(await page.textContent('#train-stats'));
  await page.click('#generate');
  await page.waitForSelector('#sample[data-generated]');
  if (values.view === 'gates') {
    await page.click('#tab-gates');
    await page.fill('#gate-input', 'call me ishmael. some years ago');
    await page.click('#show-gates');
    await page.waitForSelector('svg.heatmap[data-gate="h"]');
    await page.hover('svg.heatmap[data-gate="c"] rect.cell[data-u="3"][data-t="8"]');
  }
  await page.mouse.move(0, 0);
  await page.screenshot({ path: values.out, fullPage: values.view === 'text' });
  console.log(`wrote ${values.out}`);
} finally {
  await browser.close();
  await server.close();
}
