// Single sign-on in Chromium against a real OpenID provider: a person from the staff
// import signs in through the provider's own login page and lands on "Mina kurser"; a
// person the provider knows and Bryggan does not gets a clear page and no account. Every
// Bryggan page on the way passes axe.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from './server.mjs';
import { check, launch, violations } from './browser.mjs';
import { CLIENT_ID, CLIENT_SECRET, startProvider } from '../oidc/provider.mjs';

let server;
let provider;
let browser;

/** A port nobody listens on yet, for the provider Bryggan is told about at start. */
async function freePort() {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

before(async () => {
  const port = await freePort();
  server = await startServer({
    BRYGGAN_OIDC_ISSUER: `http://127.0.0.1:${port}`,
    BRYGGAN_OIDC_CLIENT_ID: CLIENT_ID,
    BRYGGAN_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    BRYGGAN_OIDC_BUTTON_LABEL_SV: 'Logga in med ditt kommunkonto',
  });
  provider = await startProvider(port, server.address);
  server.cli('users', 'add', '--email', 'lina@malmo.se', '--name', 'Lina Nguyễn');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  provider?.stop();
  server?.stop();
});

/** Signs in at the provider's development login page (any login works) and consents. */
async function signInAtProvider(page, email) {
  await page.waitForURL((url) => url.href.startsWith(provider.issuer));
  await page.fill('input[name=login]', email);
  await page.fill('input[name=password]', 'any password');
  await page.click('button[type=submit]');
  // The consent page, the first time this person meets the client.
  if (page.url().startsWith(provider.issuer)) {
    await page.click('button[type=submit]');
  }
}

test('a person from the staff import signs in with the provider and lands on their courses', async () => {
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();
  await page.goto(`${server.address}/sign-in`);
  await check(page, 'sso-sign-in');
  const button = page.getByRole('link', { name: 'Logga in med ditt kommunkonto' });
  await Promise.all([page.waitForURL((url) => url.href.startsWith(provider.issuer)), button.click()]);
  await signInAtProvider(page, 'lina@malmo.se');
  await page.waitForURL(`${server.address}/courses`);
  assert.equal(await page.locator('h1').innerText(), 'Mina kurser');
  await check(page, 'sso-my-courses');
  await context.close();
});

test('a person the provider knows and Bryggan does not is told, in Swedish, to contact HR', async () => {
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();
  await page.goto(`${server.address}/sign-in/oidc`);
  await signInAtProvider(page, 'okand@malmo.se');
  await page.waitForURL((url) => url.href.startsWith(`${server.address}/sign-in/oidc/callback`));
  assert.match(await page.locator('[role=alert]').innerText(), /Ditt konto finns inte i Bryggan ännu\. Kontakta HR\./);
  await check(page, 'sso-unknown-person');
  await context.close();
  assert.deepEqual(violations, []);
});
