// End-to-end test of the extension's own commands and status bar item in a
// real VS Code (code-server, driven through Debian's Chromium by
// playwright-core). scripts/test-extension runs it after
// extension.test.mjs, with the same environment:
//
//   CODE_SERVER, COPYDESK_VSIX, COPYDESK_BIN, COPYDESK_SEEDS,
//   COPYDESK_SCREENSHOTS, CHROMIUM (see extension.test.mjs)
//
// It checks what a user sees: the status bar item gives the bundle's size
// and its number of findings; "Show Fact Sheet" opens the entity's sheet as
// a Markdown preview whose links open the article at the line; "Fix All in
// Document" makes the same edits as `copydesk check --fix`; "Restart
// Server" starts a new server; "Check Whole Bundle" reveals the Problems
// panel.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const extRoot = resolve(here, '..', '..');
const repoRoot = resolve(extRoot, '..', '..');

const env = (name, fallback) => {
  const v = process.env[name] || fallback;
  if (!v) throw new Error(`${name} is not set (run scripts/test-extension)`);
  return v;
};
const CODE_SERVER = env('CODE_SERVER');
const VSIX = resolve(env('COPYDESK_VSIX', join(extRoot, 'copydesk.vsix')));
const COPYDESK_BIN = resolve(env('COPYDESK_BIN', join(extRoot, 'server', 'copydesk')));
const SEEDS = resolve(env('COPYDESK_SEEDS', join(repoRoot, 'seeds')));
const SHOTS = resolve(env('COPYDESK_SCREENSHOTS', join(extRoot, 'test-output')));
const CHROMIUM = env('CHROMIUM', '/usr/bin/chromium');
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SECOND = 1000;
const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';
const ARTICLE = /\.(txt|md|markdown)$/;

let tmp;
let workspace;
let userData;
let codeServer;
let codeServerLog = '';
let browser;
let page;

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

function killCodeServer() {
  if (codeServer && codeServer.exitCode === null && codeServer.pid) {
    try {
      process.kill(-codeServer.pid, 'SIGKILL'); // the whole group: extension host and language server too
    } catch {
      // already gone
    }
  }
}
process.on('exit', killCodeServer);

/** `copydesk check` in `dir`, with extra args; exit code 1 only means findings. */
function cli(dir, ...args) {
  try {
    return execFileSync(COPYDESK_BIN, ['check', ...args, '.'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    if (e.status === 1 && typeof e.stdout === 'string') return e.stdout;
    throw e;
  }
}

async function shot(name) {
  const file = join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`# screenshot ${file}`);
}

const quickInput = () => page.locator('.quick-input-widget input');

/** Types `text` into the command palette / Quick Open and accepts the first row that contains `row`. */
async function palette(text, row) {
  await page.keyboard.press('F1');
  const input = quickInput();
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  await page
    .locator('.quick-input-list .monaco-list-row.focused', { hasText: row })
    .waitFor({ state: 'visible', timeout: 10 * SECOND });
  await input.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

const runCommand = (title) => palette(`>${title}`, title);

async function openAt(file, line, col) {
  await palette(file, file);
  await page.locator(`.editor-group-container.active .tab.active[data-resource-name="${file}"]`).waitFor({ timeout: 10 * SECOND });
  await page.keyboard.press('F1');
  await quickInput().fill(`:${line}:${col}`);
  await quickInput().press('Enter');
  await quickInput().waitFor({ state: 'hidden' });
  await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${col}` }).waitFor({ timeout: 10 * SECOND });
}

/** The copydesk status bar item's text, once it shows counts. */
async function copydeskStatus() {
  const item = page.locator('.statusbar-item', { hasText: /\d+ articles? · \d+ findings?/ });
  await item.waitFor({ timeout: 30 * SECOND });
  return (await item.innerText()).trim();
}

/** How many times a copydesk server has started, from its log lines in the output channel. */
function serverStarts() {
  const logs = join(userData, 'logs');
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (/-copydesk\.log$/.test(e.name)) files.push(join(d, e.name));
    }
  };
  if (existsSync(logs)) walk(logs);
  return files.map((f) => readFileSync(f, 'utf8').split('initialize: position encoding').length - 1).reduce((a, b) => a + b, 0);
}

before(async () => {
  for (const f of [CODE_SERVER, VSIX, COPYDESK_BIN, CHROMIUM]) {
    assert.ok(existsSync(f), `missing ${f}`);
  }
  mkdirSync(SHOTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'copydesk-e2e-commands-'));
  workspace = join(tmp, 'seeds');
  cpSync(SEEDS, workspace, { recursive: true });
  userData = join(tmp, 'user-data');
  const extensions = join(tmp, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'editor.wordWrap': 'on',
      'editor.minimap.enabled': false,
      'files.autoSave': 'off',
      'window.commandCenter': false,
    }),
  );
  execFileSync(CODE_SERVER, ['--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', VSIX], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await freePort();
  codeServer = spawn(
    CODE_SERVER,
    [
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-workspace-trust',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--user-data-dir', userData,
      '--extensions-dir', extensions,
      workspace,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (d) => {
    codeServerLog = (codeServerLog + d).slice(-20000);
  };
  codeServer.stdout.on('data', keep);
  codeServer.stderr.on('data', keep);
  const deadline = Date.now() + 60 * SECOND;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // not up yet
    }
    if (codeServer.exitCode !== null || Date.now() > deadline) {
      throw new Error(`code-server did not come up:\n${codeServerLog}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  page.setDefaultTimeout(30 * SECOND);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60 * SECOND });
}, { timeout: 150 * SECOND });

after(async () => {
  try {
    await browser?.close();
  } finally {
    killCodeServer();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
});

test('the status bar item shows the bundle size and the number of findings', { timeout: 60 * SECOND }, async () => {
  const articles = readdirSync(workspace).filter((f) => ARTICLE.test(f));
  const findings = JSON.parse(cli(workspace, '--format', 'json'));
  // Opening an article activates the extension.
  await openAt(articles[0], 1, 1);
  const s = n => (n === 1 ? '' : 's');
  const want = `${articles.length} article${s(articles.length)} · ${findings.length} finding${s(findings.length)}`;
  await page.locator('.statusbar-item', { hasText: want }).waitFor({ timeout: 30 * SECOND }).catch(async () => {
    await shot('cmd-status-FAILED');
    throw new Error(`status bar item "${await copydeskStatus().catch(() => '?')}", expected "${want}"`);
  });
});

test('"Show Fact Sheet" opens the sheet of the entity under the cursor, with links to the articles', { timeout: 90 * SECOND }, async () => {
  const at = readdirSync(workspace)
    .filter((f) => ARTICLE.test(f))
    .sort()
    .flatMap((f) => readFileSync(join(workspace, f), 'utf8').split('\n').map((l, i) => ({ f, line: i + 1, col: l.indexOf('H20') + 1 })))
    .find((x) => x.col > 0);
  assert.ok(at, 'no article mentions H20');
  await openAt(at.f, at.line, at.col + 1);
  await runCommand('copydesk: Show Fact Sheet of Entity Under Cursor');
  await page.locator('.tab', { hasText: 'Fact sheet - H20' }).waitFor({ timeout: 20 * SECOND });
  // The Markdown preview is a webview: an iframe in an iframe.
  const preview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  await preview.locator('body', { hasText: 'In this bundle' }).waitFor({ timeout: 20 * SECOND });
  const body = await preview.locator('body').innerText();
  assert.match(body, /H20/);
  assert.match(body, /Nvidia/, 'the H20 sheet does not name its maker');
  await shot('06-fact-sheet');

  // A sentence's link opens its article at its line.
  const link = preview.locator('a', { hasText: /^line \d+$/ }).last();
  const label = await link.innerText();
  const href = await link.getAttribute('href');
  assert.ok(href && !href.startsWith('file:'), `link ${href} is not one the preview can follow`);
  const [, file] = /([^/]+?)#L\d+$/.exec(decodeURIComponent(href)) ?? [];
  assert.ok(file, `link ${href} names no article and line`);
  await link.click();
  const line = Number(label.replace(/\D/g, ''));
  await page.locator(`.editor-group-container.active .tab.active[data-resource-name="${file}"]`).waitFor({ timeout: 10 * SECOND });
  await page.locator('.statusbar-item', { hasText: new RegExp(`^\\s*Ln ${line}, Col \\d+`) }).waitFor({ timeout: 10 * SECOND });
  // The article opened beside the preview; start the next test from one group.
  await runCommand('View: Close All Editor Groups');
  await page.locator('.tab').first().waitFor({ state: 'detached', timeout: 10 * SECOND });
});

test('"Fix All in Document" makes the edits of `copydesk check --fix`', { timeout: 90 * SECOND }, async () => {
  const fixed = join(tmp, 'fixed');
  cpSync(workspace, fixed, { recursive: true });
  cli(fixed, '--fix');
  const articles = readdirSync(workspace).filter((f) => ARTICLE.test(f)).sort();
  const file = articles.find((f) => readFileSync(join(fixed, f), 'utf8') !== readFileSync(join(workspace, f), 'utf8'));
  if (!file) {
    // Nothing certain to fix in the bundle: the command says so.
    await openAt(articles[0], 1, 1);
    await runCommand('copydesk: Fix All in Document');
    await page.locator('.notification-toast', { hasText: 'nothing to fix' }).waitFor({ timeout: 10 * SECOND });
    return;
  }
  await openAt(file, 1, 1);
  await runCommand('copydesk: Fix All in Document');
  await page.locator(`.editor-group-container.active .tab.active.dirty[data-resource-name="${file}"]`).waitFor({ timeout: 10 * SECOND });
  await shot('07-fix-all');
  await page.keyboard.press(`${MOD}+KeyS`);
  await page.locator('.tab.active.dirty').waitFor({ state: 'detached', timeout: 10 * SECOND });
  assert.equal(readFileSync(join(workspace, file), 'utf8'), readFileSync(join(fixed, file), 'utf8'));
});

test('"Restart Server" starts a new server, which checks the bundle again', { timeout: 60 * SECOND }, async () => {
  const before = serverStarts();
  assert.ok(before >= 1, 'no server start in the copydesk output channel');
  await runCommand('copydesk: Restart Server');
  const deadline = Date.now() + 20 * SECOND;
  while (serverStarts() === before && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(serverStarts(), before + 1, 'the server did not start again');
  const findings = JSON.parse(cli(workspace, '--format', 'json'));
  await page.locator('.statusbar-item', { hasText: `· ${findings.length} finding` }).waitFor({ timeout: 20 * SECOND });
});

test('"Check Whole Bundle" reveals the Problems panel', { timeout: 60 * SECOND }, async () => {
  const panel = page.locator('.markers-panel');
  if (await panel.isVisible()) {
    await runCommand('View: Close Panel');
    await panel.waitFor({ state: 'hidden' });
  }
  await runCommand('copydesk: Check Whole Bundle');
  await panel.waitFor({ state: 'visible', timeout: 10 * SECOND });
  await page.locator('.markers-panel .monaco-list-row').first().waitFor({ timeout: 10 * SECOND });
});
