import { existsSync } from 'node:fs';
import { CliError } from '../errors.js';

/** Debian's Chromium, where CI installs it. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

// Headless, no sandbox (containers), and nothing that phones home.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Prints an HTML page to an A4 PDF with Chromium through playwright-core
 * (`page.pdf()`, the page's print styles applied). Throws INPUT_UNUSABLE
 * when Chromium is missing or will not start.
 */
export async function printPdf(
  html: string,
  executablePath = DEFAULT_CHROMIUM
): Promise<Uint8Array> {
  if (!existsSync(executablePath)) {
    throw new CliError(
      'INPUT_UNUSABLE',
      `no Chromium at ${executablePath}: install it (Debian: apt-get install chromium) or pass --chromium PATH; --no-pdf writes the HTML alone`
    );
  }
  const { chromium } = await import('playwright-core');
  let browser;
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  } catch (error) {
    throw new CliError(
      'INPUT_UNUSABLE',
      `Chromium at ${executablePath} did not start: ${(error as Error).message.split('\n')[0]}`,
      { cause: error }
    );
  }
  try {
    const page = await browser.newPage();
    // The report loads nothing from outside; block anything that tries.
    await page.route('**/*', (route) =>
      route.request().url().startsWith('data:')
        ? route.continue()
        : route.abort()
    );
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
    });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
