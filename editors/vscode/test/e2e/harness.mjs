// What the end-to-end tests share: the environment scripts/test-extension
// sets, a throwaway code-server with the packaged extension installed, and
// Debian's Chromium driven by playwright-core. Not a test file itself:
// scripts/test-extension names the *.test.mjs files.
//
// Environment (all set by scripts/test-extension):
//   CODE_SERVER            the code-server executable
//   COPYDESK_VSIX          the .vsix to install
//   COPYDESK_BIN           the copydesk binary, for the expected findings (`check --format json`)
//   COPYDESK_SEEDS         the folder of articles to open; the tests work on a temporary copy
//   COPYDESK_SCREENSHOTS   where the screenshots go (default editors/vscode/test-output/)
//   CHROMIUM               the browser (default /usr/bin/chromium)

import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const SECOND = 1000;
export const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';

const here = dirname(fileURLToPath(import.meta.url));
const extRoot = resolve(here, '..', '..');
const repoRoot = resolve(extRoot, '..', '..');

function env(name, fallback) {
  const v = process.env[name] || fallback;
  if (!v) throw new Error(`${name} is not set (run scripts/test-extension)`);
  return v;
}

/** The paths the tests need, from the environment. */
export function paths() {
  return {
    codeServer: env('CODE_SERVER'),
    vsix: resolve(env('COPYDESK_VSIX', join(extRoot, 'copydesk.vsix'))),
    copydesk: resolve(env('COPYDESK_BIN', join(extRoot, 'server', 'copydesk'))),
    seeds: resolve(env('COPYDESK_SEEDS', join(repoRoot, 'seeds'))),
    shots: resolve(env('COPYDESK_SCREENSHOTS', join(extRoot, 'test-output'))),
    chromium: env('CHROMIUM', '/usr/bin/chromium'),
  };
}

// Without these Chromium tries the network (component updates, sync,
// safe browsing lists) and stalls; no sandbox because CI runs as root.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// No dialog, tip, update check or telemetry may get in a test's way.
const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'editor.wordWrap': 'on',
  'editor.minimap.enabled': false,
  'editor.hover.delay': 200,
  'files.autoSave': 'off',
  'problems.defaultViewMode': 'tree',
  'window.commandCenter': false,
};

/** `copydesk check ARGS .` in `dir`; exit code 1 only means findings. */
export function cli(copydesk, dir, ...args) {
  try {
    return execFileSync(copydesk, ['check', ...args, '.'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    if (e.status === 1 && typeof e.stdout === 'string') return e.stdout;
    throw e;
  }
}

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/**
 * A temporary folder with a copy of the seed articles (the tests edit
 * them), a user-data folder with quiet settings and an extensions folder.
 */
export function prepare(p, prefix) {
  mkdirSync(p.shots, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const workspace = join(tmp, 'seeds');
  cpSync(p.seeds, workspace, { recursive: true });
  const userData = join(tmp, 'user-data');
  const extensions = join(tmp, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  return { tmp, workspace, userData, extensions };
}

/** `code-server --install-extension` of the .vsix; its output. */
export function installVsix(p, dirs) {
  return execFileSync(
    p.codeServer,
    ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', p.vsix],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/**
 * Starts code-server on a free port of 127.0.0.1 (no auth, no workspace
 * trust) and waits until it answers. `kill()` ends its whole process
 * group (the extension host and the language server too); it is also
 * called when the test process exits.
 */
export async function startCodeServer(p, dirs) {
  const port = await freePort();
  const proc = spawn(
    p.codeServer,
    [
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-workspace-trust',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--user-data-dir', dirs.userData,
      '--extensions-dir', dirs.extensions,
      dirs.workspace,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const keep = (d) => {
    log = (log + d).slice(-20000);
  };
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  const kill = () => {
    if (proc.exitCode === null && proc.pid) {
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', kill);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60 * SECOND;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).status < 500) break;
    } catch {
      // not up yet
    }
    if (proc.exitCode !== null) throw new Error(`code-server exited with ${proc.exitCode}:\n${log}`);
    if (Date.now() > deadline) throw new Error(`code-server did not answer at ${url}:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, kill, log: () => log };
}

/**
 * Chromium with a 1440×900 page on the workspace folder, once the
 * explorer shows it.
 */
export async function openWorkbench(p, server, workspace) {
  const browser = await chromium.launch({ executablePath: p.chromium, args: CHROMIUM_ARGS, headless: true });
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  page.setDefaultTimeout(30 * SECOND);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60 * SECOND });
  return { browser, page };
}

/** A screenshot of `page` named `name`.png in the screenshots folder. */
export async function shot(p, page, name) {
  const file = join(p.shots, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`# screenshot ${file}`);
}

/** Closes the browser, ends code-server and removes the temporary folder. */
export async function tearDown({ browser, server, tmp }) {
  try {
    await browser?.close();
  } finally {
    server?.kill();
    if (tmp && existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
  }
}

const quickInput = (page) => page.locator('.quick-input-widget input');

/**
 * Presses Enter in the quick input until it closes. The workbench can drop
 * a keypress while it re-renders (the extension activating, a notification
 * or the status bar changing), so Enter is pressed again, up to three times
 * in all, if the input is still open after five seconds. Only for actions
 * that may safely happen twice (opening a file, going to a line).
 */
async function acceptIdempotent(input) {
  for (let attempt = 1; ; attempt++) {
    await input.press('Enter');
    try {
      await input.waitFor({ state: 'hidden', timeout: 5 * SECOND });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

/**
 * Runs a command through the command palette, by its title. The row that
 * will run must be the command itself, not a recently used one. Enter is
 * pressed once: a command must not run twice.
 */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = quickInput(page);
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page
    .locator('.quick-input-list .monaco-list-row.focused', { hasText: title })
    .waitFor({ state: 'visible', timeout: 10 * SECOND });
  await input.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/**
 * Opens a workspace file through Quick Open (F1, then the file name in
 * place of the palette's `>`) and puts the cursor at
 * line:col (1-based), once the status bar shows that position.
 */
export async function openAt(page, file, line, col) {
  await page.keyboard.press('F1');
  const input = quickInput(page);
  await input.waitFor({ state: 'visible' });
  await input.fill(file);
  await page
    .locator('.quick-input-list .monaco-list-row.focused', { hasText: file })
    .waitFor({ state: 'visible', timeout: 10 * SECOND });
  await acceptIdempotent(input);
  await page.locator(`.editor-group-container.active .tab.active[data-resource-name="${file}"]`).waitFor({ timeout: 10 * SECOND });
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${col}`);
  await acceptIdempotent(input);
  await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${col}` }).waitFor({ timeout: 10 * SECOND });
}
