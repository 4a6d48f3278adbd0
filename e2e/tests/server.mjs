// The real Bryggan server on loopback with a fresh SQLite database, and the command line
// on the same database: what a municipality runs, started the way the README says.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// A relative BRYGGAN_BIN is read from the repository root, where the README runs commands,
// not from e2e/, where npm runs this file.
export const binary = path.resolve(root, process.env.BRYGGAN_BIN ?? 'target/debug/bryggan');
export const PASSWORD = 'ett långt lösenord för e2e';

/** Starts Bryggan; `extraEnv` adds settings, such as single sign-on's. */
export async function startServer(extraEnv = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bryggan-e2e-'));
  // The fixture course, with the assessment before and after that the tests answer.
  const courses = path.join(dir, 'courses');
  cpSync(path.join(root, 'tests/fixtures/courses'), courses, { recursive: true });
  cpSync(path.join(root, 'tests/fixtures/assessment'), path.join(courses, 'provkurs/assessment'), { recursive: true });
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${dir}/bryggan.db?mode=rwc`,
    BRYGGAN_BIND: '127.0.0.1:0',
    BRYGGAN_COURSES: courses,
    BRYGGAN_MAIL_DIR: path.join(dir, 'mail'),
    BRYGGAN_JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456',
    BRYGGAN_ISSUER: 'Malmö stad',
    BRYGGAN_ORGANISATION_NAME: 'Malmö stad',
    BRYGGAN_REMINDER_RUN_MINUTES: '0',
    BRYGGAN_LOG: 'warn',
    ...extraEnv,
  };
  const cli = (...args) => {
    const input = args.includes('--password-stdin') ? `${PASSWORD}\n` : undefined;
    const run = spawnSync(binary, args, { env, input, encoding: 'utf8' });
    if (run.status !== 0) {
      throw new Error(`bryggan ${args.join(' ')} failed: ${run.stderr}`);
    }
    return run.stdout;
  };
  const child = spawn(binary, ['serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const address = await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const found = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (found) resolve(found[1]);
    });
    child.on('exit', (code) => reject(new Error(`the server stopped (${code}): ${output}`)));
  });
  return {
    address,
    cli,
    /** The courses folder the server publishes, for tests that edit a course. */
    courses,
    stop() {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
