// Browser tests of Storyline's web front in headless Debian Chromium (driven by playwright-core).
//
// Usage: node run.mjs [BASE_URL]         (or BASE_URL=http://127.0.0.1:8088 node run.mjs)
// Env:   SCREENSHOT_DIR (default browser-tests/screenshots), CHROMIUM (default /usr/bin/chromium),
//        SEARCH_TERM (default: a word from the first headline).
// Prints one line per test and ends with `browser: N passed, M failed`; exits 1 on any failure.

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const BASE = (process.argv[2] || process.env.BASE_URL || 'http://127.0.0.1:8088').replace(/\/$/, '');
const OUT = path.resolve(process.env.SCREENSHOT_DIR || path.join(path.dirname(new URL(import.meta.url).pathname), 'screenshots'));
const EXE = process.env.CHROMIUM || '/usr/bin/chromium';
fs.mkdirSync(OUT, { recursive: true });

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage'];

// launch() gives every run a fresh temporary profile (user-data dir) and removes it afterwards.
const chrome = await chromium.launch({ executablePath: EXE, headless: true, args: ARGS });
const browser = await chrome.newContext({ viewport: { width: 1280, height: 900 } });

const results = [];
const shots = [];

function check(cond, message) {
  if (!cond) throw new Error(message);
}

async function shot(page, name, opts = {}) {
  const file = path.join(OUT, name);
  await page.screenshot({ path: file, fullPage: true, ...opts });
  shots.push(file);
}

// Runs one test in a fresh page; any console error, page error, failed request or dialog fails it.
async function test(name, fn, context = browser) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', async (d) => { problems.push(`dialog: ${d.message()}`); await d.dismiss(); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  const started = Date.now();
  try {
    await fn(page);
    check(problems.length === 0, problems.join('; '));
    results.push({ name, ok: true });
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`not ok - ${name}: ${e.message.split('\n')[0]}`);
  } finally {
    await page.close();
  }
}

async function noHorizontalScroll(page) {
  const { sw, iw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, iw: window.innerWidth }));
  check(sw <= iw + 1, `page is ${sw}px wide in a ${iw}px viewport`);
}

let storyPath = null;
let searchTerm = process.env.SEARCH_TERM || null;

await test('front page lists ranked story cards', async (page) => {
  const res = await page.goto(`${BASE}/`);
  check(res.status() === 200, `status ${res.status()}`);
  check((res.headers()['content-security-policy'] || '').includes("default-src 'none'"), 'no CSP header');
  const cards = page.locator('li.card');
  const n = await cards.count();
  check(n >= 1, 'no story cards');
  const meta = await cards.first().locator('.meta').innerText();
  check(/\d+ sources? · updated/.test(meta), `card meta reads "${meta}"`);
  const link = cards.first().locator('h2 a');
  storyPath = await link.getAttribute('href');
  check(storyPath && storyPath.startsWith('/story/'), `first card links to ${storyPath}`);
  // Cards are for scanning: a summary shows at most six lines, however long the digest's.
  const clamp = await cards.first().locator('p.summary').evaluate((el) => {
    const cs = getComputedStyle(el);
    return { h: el.getBoundingClientRect().height, lh: parseFloat(cs.lineHeight) || 1.5 * parseFloat(cs.fontSize) };
  });
  check(clamp.h <= clamp.lh * 6 + 2, `card summary is ${clamp.h}px tall (line ${clamp.lh}px)`);
  const headline = await link.innerText();
  if (!searchTerm) {
    searchTerm = (headline.match(/[A-Za-z]{6,}/g) || headline.match(/[A-Za-z]{3,}/g) || ['news'])[0];
  }
  await shot(page, 'front-desktop.png');
});

await test('story page shows digest, sources and the machine-written note', async (page) => {
  check(storyPath, 'no story link from the front page');
  const res = await page.goto(`${BASE}${storyPath}`);
  check(res.status() === 200, `status ${res.status()}`);
  check((await page.locator('h1').innerText()).length > 5, 'no headline');
  check(await page.locator('#sources').isVisible(), 'no sources section');
  check(await page.locator('ul.sources > li a', { hasText: 'read the original' }).count() >= 1, 'no "read the original" links');
  const note = page.locator('aside.note');
  if (await note.count()) check((await note.innerText()).includes('written by a machine'), 'machine note text');
  await shot(page, 'story-desktop.png');
});

await test('an FAQ question opens to its answer', async (page) => {
  await page.goto(`${BASE}${storyPath}`);
  const faq = page.locator('details.faq').first();
  check(await faq.count() === 1, 'this story has no FAQ');
  const answer = faq.locator('.answer');
  check(!(await answer.isVisible()), 'answer visible before opening');
  await faq.locator(':scope > summary').click();
  await answer.waitFor({ state: 'visible', timeout: 2000 });
  check(await faq.evaluate((d) => d.open), 'details not open');
  await faq.scrollIntoViewIfNeeded();
  await shot(page, 'faq-open.png', { fullPage: false });
});

await test('a citation reveals its source sentence and links to the original', async (page) => {
  await page.goto(`${BASE}${storyPath}`);
  const cite = page.locator('details.cite').first();
  check(await cite.count() === 1, 'no citation marks');
  const quote = cite.locator('.quote');
  check(!(await quote.isVisible()), 'quote visible before opening');
  await cite.locator(':scope > summary').click();
  await quote.waitFor({ state: 'visible', timeout: 2000 });
  const sentence = await cite.locator('blockquote').innerText();
  check(sentence.trim().length > 10, `revealed sentence is "${sentence}"`);
  const href = await cite.locator('a').first().getAttribute('href');
  check(/^https?:\/\//.test(href || ''), `original link is ${href}`);
  await cite.scrollIntoViewIfNeeded();
  await shot(page, 'citation-open.png', { fullPage: false });
});

await test('search finds and highlights matches', async (page) => {
  await page.goto(`${BASE}/`);
  await page.fill('input#q', searchTerm);
  await Promise.all([page.waitForURL(/\/search\?q=/), page.press('input#q', 'Enter')]);
  const marks = await page.locator('main mark').count();
  check(marks >= 1, `no highlighted match for "${searchTerm}"`);
  await shot(page, 'search.png');
});

await test('phone viewport: no sideways scrolling, readable cards and story', async (page) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${BASE}/`);
  await noHorizontalScroll(page);
  const box = await page.locator('li.card').first().boundingBox();
  check(box && box.width <= 390 && box.width > 300, `card is ${box && box.width}px wide`);
  await shot(page, 'phone-front.png');
  await page.goto(`${BASE}${storyPath}`);
  await noHorizontalScroll(page);
  await shot(page, 'phone-story.png');
  // Third-party text with a long unbroken word (a URL for a headline, a German compound for an
  // outlet) wraps instead of widening the page.
  await page.evaluate(() => {
    document.querySelector('h1').textContent =
      'https://www.example-news-site.com/2026/12/07/harbour-authority-closes-the-north-quay-after-storm-damage';
    const outlet = document.querySelector('ul.sources > li strong');
    if (outlet) outlet.textContent = 'Donaudampfschifffahrtsgesellschaftskapitaenswitwenrentenversicherung';
  });
  await noHorizontalScroll(page);
});

await test('dark colour scheme', async (page) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${BASE}${storyPath}`);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = (bg.match(/\d+/g) || [255, 255, 255]).map(Number);
  check(0.2126 * r + 0.7152 * g + 0.0722 * b < 80, `dark background is ${bg}`);
  await shot(page, 'story-dark.png', { fullPage: false });
});

const noJs = await chrome.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
{
  await test('works without JavaScript (FAQ and citations are plain HTML)', async (page) => {
    await page.goto(`${BASE}${storyPath}`);
    const faq = page.locator('details.faq').first();
    await faq.locator(':scope > summary').click();
    await faq.locator('.answer').waitFor({ state: 'visible', timeout: 2000 });
    const cite = page.locator('details.cite').first();
    await cite.locator(':scope > summary').click();
    await cite.locator('blockquote').waitFor({ state: 'visible', timeout: 2000 });
  }, noJs);
  await noJs.close();
}

await browser.close();
await chrome.close();
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`screenshots in ${OUT}:`);
for (const s of shots) console.log(`  ${s}`);
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
