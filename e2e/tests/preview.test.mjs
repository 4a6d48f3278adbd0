// The reviewers' preview that `bryggan courses build` writes, opened in Chromium from disk:
// the index with a broken course and its messages, a course page with warnings and its
// assessment, a quiz and the assessment side by side. Every page passes axe at desktop
// and phone widths, and none scrolls sideways at 320 px.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { binary } from './server.mjs';
import { check, launch, violations } from './browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir;
let site;
let browser;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'bryggan-preview-'));
  const courses = path.join(dir, 'courses');
  cpSync(path.join(root, 'courses'), courses, { recursive: true });
  // A course with an error, and one whose quiz compiles with a warning.
  const broken = path.join(courses, 'trasig');
  mkdirSync(broken);
  writeFileSync(path.join(broken, 'course.toml'), 'title = "Trasig"\nlanguage = "sv"\nsummary = "S"\npass_mark = 80\n');
  writeFileSync(path.join(broken, '01-a.md'), '---\ntitle: Under samtalet\nminutes: 5\n---\n# Under samtalet\n');
  writeFileSync(path.join(broken, '02-quiz.md'), '+++\nkind = "quiz"\n+++\n# Quiz\n\n## Fråga\n\n- [x] A\n- [ ] B\n-[ ] C\n');
  const warned = path.join(courses, 'varnad');
  mkdirSync(warned);
  writeFileSync(path.join(warned, 'course.toml'), 'title = "Varnad"\nlanguage = "sv"\nsummary = "S"\npass_mark = 80\n');
  writeFileSync(path.join(warned, '01-quiz.md'), '+++\nkind = "quiz"\n+++\n# Quiz\n\n## Fråga\n\n- [ ] A\n  > Fel.\n- [x] B\n> Rätt, tolken ska vara opartisk.\n');
  site = path.join(dir, 'site');
  const run = spawnSync(binary, ['courses', 'build', courses, '--out', site], { encoding: 'utf8' });
  assert.equal(run.status, 1, `a broken course makes the build exit with 1: ${run.stderr}`);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the preview shows a broken course, warnings, the assessment and what each question needs, and passes axe', async () => {
  const page = await (await browser.newContext()).newPage();
  const open = async (relative, name) => {
    await page.goto(pathToFileURL(path.join(site, relative)).href);
    await check(page, `preview-${name}`);
  };

  await open('index.html', 'index');
  const broken = page.locator('.card.broken');
  await assert.doesNotReject(broken.getByText('inledningen mellan').waitFor());
  assert.match(await broken.innerText(), /trasig\/02-quiz\.md:10:1/);

  await open('varnad/index.html', 'course-with-warnings');
  assert.match(await page.locator('main').innerText(), /citatet visas för alla som frågans förklaring/);

  await open('varnad/quiz.html', 'quiz');
  assert.match(await page.locator('main').innerText(), /Godkänt kräver 1 av 1 rätt/);
  assert.match(await page.locator('main').innerText(), /Ingen återkoppling/);

  await open('mota-invanare/index.html', 'course');
  await page.click('a[href="assessment.html"]');
  await check(page, 'preview-assessment');
  assert.equal(await page.locator('.pair').count(), 4);

  await open('mota-invanare/arbeta-med-tolk.html', 'lesson');
  assert.deepEqual(violations, []);
});

test('the live preview reloads the open page on a save and shows a broken file above the last good page', async () => {
  const courses = path.join(dir, 'live');
  cpSync(path.join(root, 'tests/fixtures/courses'), courses, { recursive: true });
  const child = spawn(binary, ['courses', 'preview', courses], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const address = await new Promise((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const found = output.match(/Preview on (http:\/\/127\.0\.0\.1:\d+)/);
        if (found) resolve(found[1]);
      });
      child.on('exit', (code) => reject(new Error(`the preview stopped (${code}): ${output}`)));
    });
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${address}/provkurs/forsta.html`);
    await check(page, 'live-preview-lesson');
    const quiz = path.join(courses, 'provkurs/03-quiz.md');
    const good = readFileSync(quiz, 'utf8');
    // The page reloads itself: no navigation by the test.
    writeFileSync(quiz, good.replace('- [x] En auktoriserad tolk', '- [ ] En auktoriserad tolk'));
    await page.locator('.live-problems').waitFor({ timeout: 30000 });
    assert.match(await page.locator('.live-problems pre').innerText(), /provkurs\/03-quiz\.md:\d+:\d+: error:/);
    assert.match(await page.locator('main').innerText(), /Första lektionen/, 'the last good page below');
    await check(page, 'live-preview-broken');
    writeFileSync(quiz, good);
    await page.locator('.live-problems').waitFor({ state: 'detached', timeout: 30000 });
    assert.deepEqual(violations, []);
  } finally {
    child.kill('SIGINT');
  }
});
