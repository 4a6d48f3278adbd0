// End to end in a real browser: an HR officer imports staff and assigns a course; a
// learner answers the assessment before the course, takes it through every lesson, fails
// the quiz once, passes, sees the result, answers the assessment after the course, sees
// their change and downloads the certificate; HR sees the completion in the dashboard and
// the export, and the evaluation report;
// an HR officer scoped to another department does not. Every page visited passes axe
// (WCAG 2.1 A and AA) in Swedish and in English, at desktop and phone widths.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, startServer } from './server.mjs';
import { check, checked, component, expectErrorPattern, launch, switchLanguage, violations } from './browser.mjs';

const STAFF = [
  'email,name,department,manager_email,locale',
  'lina@malmo.se,Lina Nguyễn,Malmö stad/Socialförvaltningen,chef@malmo.se,sv',
  'omar@malmo.se,Omar Haddad,Malmö stad/Socialförvaltningen,chef@malmo.se,sv',
  'sara@malmo.se,Sara Øberg,Malmö stad/Stadskontoret,,en',
].join('\n');

let server;
let browser;
let certificateCode;

before(async () => {
  server = await startServer();
  server.cli('users', 'add', '--email', 'hr@malmo.se', '--name', 'Hanna HR', '--role', 'hr', '--password-stdin');
  server.cli('users', 'add', '--email', 'lina@malmo.se', '--name', 'Lina Nguyễn', '--password-stdin');
  server.cli('users', 'add', '--email', 'hr-sk@malmo.se', '--name', 'Sam Scoped', '--role', 'hr', '--password-stdin');
  server.cli('users', 'add', '--email', 'admin@malmo.se', '--name', 'Ada Admin', '--role', 'admin', '--password-stdin');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
  console.log(`axe checked ${checked.length} page views`);
});

let signInChecked = false;

async function signIn(email) {
  // Swedish first, as a Swedish browser asks for; the switch is checked once.
  const context = await browser.newContext({ acceptDownloads: true, locale: 'sv-SE' });
  const page = await context.newPage();
  await page.goto(`${server.address}/sign-in`);
  if (!signInChecked) {
    signInChecked = true;
    await check(page, 'sign-in');
    await switchLanguage(page);
    await check(page, 'sign-in');
    await switchLanguage(page);
  }
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/sign-in"] button[type=submit]')]);
  return page;
}

/** Visits each path, checks it, then does the same in the other language and switches back. */
async function checkInBothLanguages(page, pages) {
  for (const round of [0, 1]) {
    for (const [name, path] of pages) {
      await page.goto(`${server.address}${path}`);
      await check(page, name);
    }
    if (round === 0) await switchLanguage(page);
  }
  await switchLanguage(page);
}

/** Sends the page's quiz-like form as a browser that ignores `required` would. */
async function sendUnchecked(page) {
  await page.evaluate(() => { document.querySelector('form.quiz').noValidate = true; });
  await Promise.all([page.waitForNavigation(), page.click('form.quiz button[type=submit]')]);
}

/** Answers the open assessment: the first option of every question and point of every scale. */
async function answerAssessment(page) {
  for (const fieldset of await page.locator('form.quiz fieldset').all()) {
    await fieldset.locator('input').first().check();
  }
  await Promise.all([page.waitForNavigation(), page.click('form.quiz button[type=submit]')]);
}

function dueIn(days) {
  const date = new Date(Date.now() + days * 86400000);
  return date.toISOString().slice(0, 10);
}

test('an HR officer imports staff and assigns a course to the whole organisation', async () => {
  const page = await signIn('hr@malmo.se');
  await page.goto(`${server.address}/hr/import`);
  await check(page, 'hr-import');
  // An empty file: the form comes back with its problem.
  await page.setInputFiles('#f-file', { name: 'tom.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
  await page.check('#deactivate');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/hr/import"] button[type=submit]')]);
  await expectErrorPattern(page, 'staff import');
  assert.ok(await page.isChecked('#deactivate'), 'the choice is kept');
  await check(page, 'hr-import-error');
  await component(page, '.error-summary', 'error-summary');
  await component(page, 'form[action="/hr/import"] .field', 'field-error');
  await page.uncheck('#deactivate');
  await page.setInputFiles('#f-file', { name: 'personal.csv', mimeType: 'text/csv', buffer: Buffer.from(STAFF) });
  await Promise.all([page.waitForNavigation(), page.click('form[action="/hr/import"] button[type=submit]')]);
  await check(page, 'hr-import-plan');
  assert.match(await page.content(), /Socialförvaltningen/);
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/apply"] button[type=submit]')]);
  await check(page, 'hr-import-done');

  // "Days after" chosen and left empty: the form comes back with its problem, focused.
  await page.goto(`${server.address}/hr/assignments`);
  await page.check('#due-days');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/hr/assignments"] button[type=submit]')]);
  assert.match(await page.title(), /^Fel: /);
  assert.equal(await page.evaluate(() => document.activeElement.className), 'error-summary');
  assert.equal(await page.getAttribute('#f-due_days', 'aria-invalid'), 'true');
  await expectErrorPattern(page, 'assignment');
  assert.equal(await page.getAttribute('a[aria-current="page"]', 'href'), '/hr/assignments', 'the menu marks the form');
  await check(page, 'hr-assignments-error');

  await page.goto(`${server.address}/hr/assignments`);
  await page.selectOption('#f-course', 'provkurs');
  await page.selectOption('#f-department', '');
  await page.fill('#f-due_date', dueIn(30));
  await Promise.all([page.waitForNavigation(), page.click('form[action="/hr/assignments"] button[type=submit]')]);
  await check(page, 'hr-assignments');
  assert.match(await page.content(), /Provkurs/);
  await checkInBothLanguages(page, [['hr-dashboard', '/hr'], ['hr-people', '/hr/people'], ['hr-assignments', '/hr/assignments']]);
  await page.goto(`${server.address}/hr`);
  await component(page, '.filters', 'filters');
  await component(page, '.figures', 'figures');
  await component(page, '.chart-figure', 'chart');
  await component(page, 'section[aria-labelledby="courses-heading"]', 'table-of-figures');
  await page.context().close();

  // The second officer sees only the city office (Stadskontoret).
  server.cli('users', 'role', 'hr-sk@malmo.se', 'hr', '--scope', 'Malmö stad/Stadskontoret');
});

test('a learner takes the course, fails the quiz once, passes, and downloads the certificate', async () => {
  const page = await signIn('lina@malmo.se');
  assert.match(await page.content(), /Provkurs/);
  await check(page, 'my-courses');
  assert.match(await page.locator('.card').first().innerText(), /Inte påbörjad[\s\S]*0 av 3 lektioner klara[\s\S]*Börja/);
  await component(page, '.card', 'course-card');
  await component(page, '.site-header', 'header-desktop');
  await component(page, '.site-header', 'header-phone', 'phone');
  await page.setViewportSize({ width: 320, height: 700 });
  await page.click('.menu summary');
  await component(page, '.site-header', 'header-phone-menu', 'phone');
  await page.reload();
  await page.goto(`${server.address}/courses/provkurs`);
  await check(page, 'course');
  await Promise.all([page.waitForNavigation(), page.click('a[href="/courses/provkurs/assessment"]')]);
  await check(page, 'assessment-before');
  await component(page, '.alert-info', 'alert-info');
  // Sent with a statement left unrated: the form comes back naming it, answers kept.
  await page.locator('form.quiz fieldset').first().locator('input').first().check();
  await sendUnchecked(page);
  await expectErrorPattern(page, 'assessment');
  assert.ok(await page.locator('form.quiz fieldset').first().locator('input').first().isChecked(), 'the answer is kept');
  await check(page, 'assessment-error');
  await answerAssessment(page);
  assert.match(page.url(), /\/courses\/provkurs\/forsta$/, 'the first lesson follows');
  for (const lesson of ['forsta', 'andra']) {
    await page.goto(`${server.address}/courses/provkurs/${lesson}`);
    await check(page, `lesson-${lesson}`);
    await Promise.all([page.waitForNavigation(), page.click(`form[action="/courses/provkurs/${lesson}/done"] button`)]);
  }
  await page.goto(`${server.address}/courses/provkurs/quiz`);
  await check(page, 'quiz');
  // Sent with the single-choice question unanswered: the quiz comes back.
  await page.check('#q-klarsprak-b');
  await sendUnchecked(page);
  await expectErrorPattern(page, 'quiz');
  assert.ok(await page.isChecked('#q-klarsprak-b'), 'the choice is kept');
  await check(page, 'quiz-error');
  await page.uncheck('#q-klarsprak-b');
  await page.check('#q-tolk-a');
  await component(page, '#f-q-tolk', 'option-rows');
  await page.check('#q-klarsprak-a');
  await Promise.all([page.waitForNavigation(), page.click('form.quiz button[type=submit]')]);
  await check(page, 'result-failed');
  assert.match(await page.content(), /Inte godkänt/);
  assert.match(await page.locator('main .alert').innerText(), /0 av 2 rätt/);
  await component(page, '.alert-warning', 'alert-warning');
  await component(page, 'nav[aria-labelledby="result-index"]', 'result-index');

  await page.goto(`${server.address}/courses/provkurs/quiz`);
  await page.check('#q-tolk-b');
  await page.check('#q-klarsprak-a');
  await page.check('#q-klarsprak-b');
  await Promise.all([page.waitForNavigation(), page.click('form.quiz button[type=submit]')]);
  await check(page, 'result-passed');
  assert.match(await page.content(), /Godkänt/);
  await component(page, '.alert-success', 'alert-success');

  await page.goto(`${server.address}/courses/provkurs`);
  await check(page, 'course-after-invite');
  await Promise.all([page.waitForNavigation(), page.click('main a[href="/courses/provkurs/assessment"]')]);
  await check(page, 'assessment-after');
  await answerAssessment(page);
  await check(page, 'assessment-change');
  assert.match(await page.locator('main').innerText(), /Din förändring/);

  await page.goto(`${server.address}/courses`);
  const link = page.locator('a[href^="/certificates/"]');
  const href = await link.getAttribute('href');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /^intyg-.*\.pdf$/);
  const pdf = await page.request.get(`${server.address}${href}`);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
  const code = href.match(/\/certificates\/(.+)\.pdf/)[1];
  certificateCode = code;

  await checkInBothLanguages(page, [
    ['my-courses-done', '/courses'],
    ['course-done', '/courses/provkurs'],
    ['result-page', '/courses/provkurs/quiz/attempts/2'],
    ['assessment-change', '/courses/provkurs/assessment'],
    ['verify', `/verify/${code}`],
    ['accessibility-statement', '/tillganglighet'],
    ['my-data', '/my-data'],
  ]);
  await page.context().close();
});

test('HR sees the completion in the dashboard and the export', async () => {
  const page = await signIn('hr@malmo.se');
  await page.goto(`${server.address}/hr`);
  const totals = await page.locator('main').innerText();
  assert.match(totals, /Malmö stad\s+3\s+1\s/, 'one of the three staff has completed');
  const csv = await (await page.request.get(`${server.address}/hr/export.csv`)).text();
  const lina = csv.split('\n').find((line) => line.includes('lina@malmo.se'));
  assert.ok(lina, csv);
  assert.match(lina, /Provkurs/);
  assert.match(lina, /Klar|completed/i);
  await checkInBothLanguages(page, [['hr-evaluation', '/hr/evaluation?course=provkurs']]);
  assert.match(await page.locator('main').innerText(), /Frågeanalys/);
  await page.goto(`${server.address}/hr/evaluation?course=provkurs`);
  await component(page, 'nav.toc', 'table-of-contents');
  await page.click('#how-to-read summary');
  await component(page, '#how-to-read', 'how-to-read');
  await page.goto(`${server.address}/hr/people`);
  await component(page, 'main table', 'status-tags');
  await page.context().close();
});

test('an HR officer scoped to another department sees neither the person nor the completion', async () => {
  const page = await signIn('hr-sk@malmo.se');
  await page.goto(`${server.address}/hr/people`);
  await check(page, 'hr-people-scoped');
  const people = await page.locator('main').innerText();
  assert.ok(people.includes('Sara Øberg'), people);
  assert.ok(!people.includes('Lina'), people);
  const csv = await (await page.request.get(`${server.address}/hr/export.csv`)).text();
  assert.ok(!csv.includes('lina@malmo.se'), csv);
  await page.context().close();
});

test('the admin pages, the public check, the sign-in link and an error page are checked too', async () => {
  const page = await signIn('admin@malmo.se');
  await checkInBothLanguages(page, [
    ['admin-audit', '/admin/audit'],
    ['admin-outbox', '/admin/outbox'],
    ['admin-certificates', `/admin/certificates?code=${certificateCode}`],
  ]);
  await page.goto(`${server.address}/admin/certificates?code=0000-0000-0000`);
  await component(page, '.alert-error', 'alert-error');
  // Revoking without a reason: the form comes back, and the certificate still holds.
  await page.goto(`${server.address}/admin/certificates?code=${certificateCode}`);
  const revoke = 'form[action$="/revoke"]';
  await page.evaluate((selector) => { document.querySelector(selector).noValidate = true; }, revoke);
  await Promise.all([page.waitForNavigation(), page.click(`${revoke} button[type=submit]`)]);
  await expectErrorPattern(page, 'certificate revocation');
  await check(page, 'admin-certificates-error');
  await page.context().close();

  const visitor = await (await browser.newContext({ locale: 'sv-SE' })).newPage();
  for (const round of [0, 1]) {
    await visitor.goto(`${server.address}/verify`);
    await check(visitor, 'verify-form');
    await visitor.fill('#code', 'fel');
    await Promise.all([visitor.waitForNavigation(), visitor.click('form[action="/verify"] button')]);
    await check(visitor, 'verify-bad-code');
    if (round === 0) {
      await visitor.goto(`${server.address}/sign-in`);
      await visitor.fill('#email', 'lina@malmo.se');
      await visitor.fill('#password', 'fel lösenord');
      await Promise.all([visitor.waitForNavigation(), visitor.click('form[action="/sign-in"] button[type=submit]')]);
      await expectErrorPattern(visitor, 'sign-in');
      await check(visitor, 'sign-in-error');
    }
    await visitor.goto(`${server.address}/sign-in`);
    await visitor.fill('#link-email', 'lina@malmo.se');
    await Promise.all([visitor.waitForNavigation(), visitor.click('form[action="/sign-in/link"] button')]);
    await check(visitor, 'sign-in-link-sent');
    await visitor.goto(`${server.address}/tillganglighet`);
    await Promise.all([visitor.waitForNavigation(), visitor.click('form[action^="/tillganglighet"] button')]);
    await expectErrorPattern(visitor, 'barrier report');
    await check(visitor, 'accessibility-report-invalid');
    if (round === 0) await switchLanguage(visitor);
  }
  const missing = await visitor.goto(`${server.address}/finns-inte`);
  assert.equal(missing.status(), 404);
  await check(visitor, 'not-found');
  await visitor.context().close();
});

test('a genuine sign-in address with a hostile return address keeps the browser on the site', async () => {
  // Browsers drop tabs and line breaks and read a backslash as a slash: each of these once
  // led from a correct password to another site, or to a 500.
  const hostile = ['/\t/evil.example', '/\t\\evil.example', '/\\evil.example', '//evil.example', 'https://evil.example/', '/\n/x'];
  const site = new URL(server.address).origin;
  for (const next of hostile) {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    await page.goto(`${server.address}/sign-in?next=${encodeURIComponent(next)}`);
    await page.fill('#email', 'lina@malmo.se');
    await page.fill('#password', PASSWORD);
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.click('form[action="/sign-in"] button[type=submit]'),
    ]);
    assert.equal(new URL(page.url()).origin, site, `${JSON.stringify(next)} led to ${page.url()}`);
    assert.equal(new URL(page.url()).pathname, '/courses', JSON.stringify(next));
    assert.equal(response.status(), 200, JSON.stringify(next));
    await context.close();
  }
});

test('no page has an accessibility violation (WCAG 2.1 A and AA), in either language, at either width', () => {
  assert.deepEqual(violations, []);
});
