// Debian's Chromium driven by playwright-core, and the axe-core check every page gets:
// WCAG 2.1 A and AA rules, at desktop and phone widths, with a screenshot of each.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { PASSWORD } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const screenshots = path.resolve(here, '../screenshots');
mkdirSync(screenshots, { recursive: true });

export const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 320, height: 700 } };
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Every violation found, as `page name [lang, width]: rule (selectors)`. */
export const violations = [];
/** Every page checked, for the run's summary. */
export const checked = [];

/** Runs axe on the page as it is, at both widths, and saves a screenshot of each. */
export async function check(page, name) {
  const lang = await page.locator('html').getAttribute('lang');
  for (const [width, size] of Object.entries(WIDTHS)) {
    await page.setViewportSize(size);
    const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    for (const v of result.violations) {
      const nodes = v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ');
      violations.push(`${name} [${lang}, ${width}]: ${v.id}: ${v.help} (${nodes})`);
    }
    if (width === 'phone') {
      // Reflow (WCAG 1.4.10), which axe does not check: nothing but the labelled scroll
      // regions for tables and charts may be wider than a 320 px screen.
      const { scroll, viewport, culprits } = await page.evaluate(() => {
        const viewport = window.innerWidth;
        // The elements that reach past the screen and are not clipped by a scroll region:
        // those outside one, and positioned ones, which a scroll region does not contain.
        const culprits = [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > viewport + 1)
          .filter((e) => !e.parentElement?.closest('.scroll') || ['absolute', 'fixed'].includes(getComputedStyle(e).position))
          .slice(0, 3)
          .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''}`);
        return { scroll: document.documentElement.scrollWidth, viewport, culprits };
      });
      if (scroll > viewport) {
        violations.push(`${name} [${lang}, ${width}]: reflow: the page is ${scroll} px wide at ${viewport} px (${culprits.join(', ')})`);
      }
    }
    await page.screenshot({ path: path.join(screenshots, `${name}-${lang}-${width}.png`), fullPage: true });
    checked.push(`${name} [${lang}, ${width}]`);
  }
  await page.setViewportSize(WIDTHS.desktop);
}

/** A new Swedish browser session signed in as `email` with the e2e password. */
export async function signIn(browser, address, email) {
  const page = await (await browser.newContext({ locale: 'sv-SE' })).newPage();
  await page.goto(`${address}/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/sign-in"] button[type=submit]')]);
  return page;
}

/** Switches the interface language with the switch in the page header. */
export async function switchLanguage(page) {
  await Promise.all([page.waitForNavigation(), page.click('form.lang-switch button')]);
}

/**
 * The one form-error pattern: "Fel:"/"Error:" first in the title, the summary focused,
 * each of its links leading to a field on the page that is marked invalid or described
 * by its message.
 */
export async function expectErrorPattern(page, what) {
  const title = await page.title();
  if (!/^(Fel|Error): /.test(title)) throw new Error(`${what}: the title "${title}" does not start with the error prefix`);
  const result = await page.evaluate(() => {
    const summary = document.querySelector('.error-summary');
    if (!summary) return { problem: 'no error summary' };
    if (document.activeElement !== summary) return { problem: `the focus is on ${document.activeElement?.tagName}, not the summary` };
    const links = [...summary.querySelectorAll('a[href^="#"]')];
    if (links.length === 0) return { problem: 'the summary links to no field' };
    for (const link of links) {
      const target = document.getElementById(link.getAttribute('href').slice(1));
      if (!target) return { problem: `${link.getAttribute('href')} leads nowhere` };
      const marked = [target, ...target.querySelectorAll('input, select, textarea')]
        .some((e) => e.getAttribute('aria-invalid') === 'true' || (e.getAttribute('aria-describedby') ?? '').includes('error'));
      if (!marked) return { problem: `${link.getAttribute('href')} is neither invalid nor described by its message` };
    }
    return { problem: null, links: links.length };
  });
  if (result.problem) throw new Error(`${what}: ${result.problem}`);
  return result.links;
}

// Screenshots of the design system's components, for docs/design.md. They are written
// under e2e/screenshots/components, and also to BRYGGAN_DESIGN_SCREENSHOTS when set
// (`npm run design` sets it to docs/design).
const components = path.join(screenshots, 'components');
mkdirSync(components, { recursive: true });

/** Saves a screenshot of the first element matching `selector`, at `width`. */
export async function component(page, selector, name, width = 'desktop') {
  await page.setViewportSize(WIDTHS[width]);
  const element = page.locator(selector).first();
  await element.scrollIntoViewIfNeeded();
  const targets = [components];
  if (process.env.BRYGGAN_DESIGN_SCREENSHOTS) targets.push(path.resolve(here, '../..', process.env.BRYGGAN_DESIGN_SCREENSHOTS));
  for (const dir of targets) {
    mkdirSync(dir, { recursive: true });
    await element.screenshot({ path: path.join(dir, `${name}.png`), animations: 'disabled' });
  }
  await page.setViewportSize(WIDTHS.desktop);
}
