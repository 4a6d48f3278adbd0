// The trainer's workspace and lesson feedback in Chromium: a learner answers "Was this
// helpful?" (first without choosing, which shows the form's problems), an edit breaks a
// course, an admin publishes it with "Publish now" and sees the diagnostics, and the
// course page shows versions, the item analysis and the feedback. Every page passes axe
// in both languages and reflows at 320 px.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer } from './server.mjs';
import { check, launch, signIn, switchLanguage, violations } from './browser.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  server.cli('users', 'add', '--email', 'admin@malmo.se', '--name', 'Åsa Admin', '--role', 'admin', '--password-stdin');
  server.cli('users', 'add', '--email', 'lina@malmo.se', '--name', 'Lina Lärande', '--role', 'learner', '--password-stdin');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('a learner tells whether a lesson helped, and a mistake shows the form again', async () => {
  const page = await signIn(browser, server.address, 'lina@malmo.se');
  await page.goto(`${server.address}/courses/provkurs`);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/courses/provkurs/enrol"] button')]);
  await page.goto(`${server.address}/courses/provkurs/assessment`);
  // The fixture course starts with an assessment; answer it to reach the lessons.
  for (const fieldset of await page.locator('form.quiz fieldset').all()) {
    await fieldset.locator('input').first().check();
  }
  await Promise.all([page.waitForNavigation(), page.click('form.quiz button[type=submit]')]);
  await page.goto(`${server.address}/courses/provkurs/forsta`);
  await page.fill('#f-comment', 'Bra exempel, men för kort.');
  await Promise.all([page.waitForNavigation(), page.click('#feedback form button[type=submit]')]);
  assert.match(await page.title(), /^Fel:/);
  const focused = await page.evaluate(() => document.activeElement?.className);
  assert.equal(focused, 'error-summary', 'the summary takes the focus');
  assert.equal(await page.inputValue('#f-comment'), 'Bra exempel, men för kort.', 'what was typed is kept');
  await check(page, 'lesson-feedback-error');
  await page.check('#f-helpful-yes');
  await Promise.all([page.waitForNavigation(), page.click('#feedback form button[type=submit]')]);
  assert.match(await page.locator('#feedback [role=status]').innerText(), /till hjälp/);
  await check(page, 'lesson-feedback-given');
  await switchLanguage(page);
  await check(page, 'lesson-feedback-given');
});

test('an admin publishes a broken edit and sees its diagnostics while learners stay on the last good version', async () => {
  writeFileSync(
    path.join(server.courses, 'provkurs/02-andra.md'),
    '+++\nkind = "quiz"\n+++\n# Quiz\n\n## En fråga med ett mycket långt namn som inte får bredda sidan på en telefon\n\nVad?\n\n- [ ] Inget rätt svar här\n',
  );
  const page = await signIn(browser, server.address, 'admin@malmo.se');
  await page.goto(`${server.address}/trainer`);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/trainer/publish"] button')]);
  assert.match(await page.locator('main').innerText(), /Kurser med fel/);
  assert.match(await page.locator('pre.diagnostics').first().innerText(), /02-andra\.md:\d+:\d+: error:/);
  await check(page, 'trainer');
  await switchLanguage(page);
  await check(page, 'trainer');
  await switchLanguage(page);
  await page.goto(`${server.address}/trainer/courses/provkurs`);
  assert.match(await page.locator('main').innerText(), /Första versionen/);
  await check(page, 'trainer-course');
  await switchLanguage(page);
  await check(page, 'trainer-course');
});

test('every page of the workspace and the feedback form passes axe and reflows at 320 px', () => {
  assert.deepEqual(violations, []);
});
