// Provisioning from the directory in Chromium: the directory (here, fetch with a SCIM
// token, as Entra sends) creates staff and asks for more deactivations than the guard
// allows; an admin sees the held ones on /admin/provisioning, in both languages, and
// keeps one and deactivates the other; HR's import page says the directory owns staff.
// Every page passes axe and reflows at 320 px.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { check, launch, signIn, switchLanguage } from './browser.mjs';

let server;
let browser;
let token;

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

async function scim(method, path, body) {
  const response = await fetch(`${server.address}/scim/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
    body: body && JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

before(async () => {
  // A small organisation: the guard lets one deactivation an hour through.
  server = await startServer({ BRYGGAN_SCIM_GUARD_MINIMUM: '1' });
  server.cli('users', 'add', '--email', 'admin@malmo.se', '--name', 'Åsa Admin', '--role', 'admin', '--password-stdin');
  server.cli('users', 'add', '--email', 'hr@malmo.se', '--name', 'Hugo HR', '--role', 'hr', '--password-stdin');
  token = server.cli('scim', 'token', 'create', '--name', 'entra').trim().split('\n').pop();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('held deactivations wait for an admin, who keeps one and deactivates the other', async () => {
  const ids = [];
  for (const name of ['anna', 'bo', 'cecilia']) {
    const { status, body } = await scim('POST', '/Users', {
      schemas: [USER, ENTERPRISE],
      userName: `${name}@malmo.se`,
      displayName: `${name[0].toUpperCase()}${name.slice(1)} Långnamnsdotter-Öberg`,
      emails: [{ type: 'work', value: `${name}@malmo.se`, primary: true }],
      active: true,
      [ENTERPRISE]: { department: 'Malmö stad/Socialförvaltningen/Försörjningsstöd' },
    });
    assert.equal(status, 201, JSON.stringify(body));
    ids.push(body.id);
  }
  for (const id of ids) {
    const { status } = await scim('PATCH', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    });
    assert.equal(status, 200, 'the directory is told it succeeded');
  }

  const page = await signIn(browser, server.address, 'admin@malmo.se');
  await page.goto(`${server.address}/admin/provisioning`);
  await check(page, 'admin-provisioning');
  await switchLanguage(page);
  await check(page, 'admin-provisioning');
  await switchLanguage(page);
  const rows = page.locator('main table').first().locator('tbody tr');
  assert.equal(await rows.count(), 2, 'two of three are held');

  await Promise.all([page.waitForNavigation(), rows.first().locator('form[action$="/reject"] button').click()]);
  await Promise.all([page.waitForNavigation(), page.locator('form[action$="/approve"] button').first().click()]);
  await check(page, 'admin-provisioning-decided');
  assert.match(await page.locator('main').innerText(), /Inga avaktiveringar väntar/);
  const active = await Promise.all(ids.map(async (id) => (await scim('GET', `/Users/${id}`)).body?.active));
  assert.deepEqual(active.filter((a) => a === true).length, 1, 'one kept active');
  await page.context().close();
});

test('the import page tells HR that the directory provisions staff', async () => {
  const page = await signIn(browser, server.address, 'hr@malmo.se');
  await page.goto(`${server.address}/hr/import`);
  await check(page, 'hr-import-directory');
  assert.match(await page.locator('main').innerText(), /CSV-importen är avstängd/);
  assert.equal(await page.locator('input[type=file]').count(), 0);
  await page.context().close();
});
