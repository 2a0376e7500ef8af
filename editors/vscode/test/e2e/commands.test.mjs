// End-to-end test of the extension's own commands and status bar item in a
// real VS Code (code-server, driven through Debian's Chromium by
// playwright-core). scripts/test-extension runs it after
// extension.test.mjs; its environment and the code-server and Chromium it
// drives: harness.mjs.
//
// It checks what a user sees: the status bar item gives the bundle's size
// and its number of findings, and clicking it opens the Bundle view, which
// lists the articles with their findings and the claim ledger (each
// statement opening its article at its line); "Show Fact Sheet" opens the entity's sheet as
// a Markdown preview whose links open the article at the line; "Fix All in
// Document" makes the same edits as `copydesk check --fix`; "Restart
// Server" starts a new server; "Check Whole Bundle" reveals the Problems
// panel.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

const { SECOND, MOD } = h;
const P = h.paths();
const ARTICLE = /\.(txt|md|markdown)$/;

let dirs;
let tmp;
let workspace;
let userData;
let server;
let browser;
let page;

/** `copydesk check` in `dir`, with extra args. */
const cli = (dir, ...args) => h.cli(P.copydesk, dir, ...args);
const shot = (name) => h.shot(P, page, name);

const runCommand = (title) => h.runCommand(page, title);
const openAt = (file, line, col) => h.openAt(page, file, line, col);

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
  for (const f of [P.codeServer, P.vsix, P.copydesk, P.chromium]) {
    assert.ok(existsSync(f), `missing ${f}`);
  }
  dirs = h.prepare(P, 'copydesk-e2e-commands-');
  ({ tmp, workspace, userData } = dirs);
  h.installVsix(P, dirs);
  server = await h.startCodeServer(P, dirs);
  ({ browser, page } = await h.openWorkbench(P, server, workspace));
}, { timeout: 150 * SECOND });

after(async () => {
  await h.tearDown({ browser, server, tmp });
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

/** `copydesk claims --format json .` in `dir`. */
function claimsJson(dir) {
  return JSON.parse(execFileSync(P.copydesk, ['claims', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' }));
}

test('the status bar item opens the Bundle view: the articles, their findings and the claims', { timeout: 90 * SECOND }, async () => {
  const articles = readdirSync(workspace).filter((f) => ARTICLE.test(f)).sort();
  const findings = JSON.parse(cli(workspace, '--format', 'json'));
  const claims = claimsJson(workspace);
  const conflicts = claims.filter((c) => c.conflict).length;
  await page.locator('.statusbar-item', { hasText: /\d+ articles? · \d+ findings?/ }).click();
  const view = page.locator('[id="workbench.view.extension.copydesk"]');
  const row = (text) => view.locator('.monaco-list-row', { hasText: text }).first();
  try {
    await view.waitFor({ state: 'visible', timeout: 20 * SECOND });
    // Every article, with its number of findings.
    for (const f of articles) {
      const n = findings.filter((x) => x.path.replace(/^.*\//, '') === f).length;
      const want = n ? `${n} finding${n === 1 ? '' : 's'}` : 'no findings';
      await view.locator('.monaco-list-row', { hasText: f }).filter({ hasText: want }).first().waitFor({ timeout: 20 * SECOND });
    }
    // The ledger, as `copydesk claims` has it.
    const want = `${claims.length} claim${claims.length === 1 ? '' : 's'} · ${conflicts} in conflict`;
    await row(want).waitFor({ timeout: 20 * SECOND });
  } catch (err) {
    await shot('08-bundle-view-FAILED');
    throw err;
  }
  await shot('08-bundle-view');
  if (!claims.length) return;
  // A claim's statement opens its article at its line.
  await row('Claims').click();
  const first = claims[0];
  // Rows by depth: the claims are at level 2, their statements at level 3.
  const claimRow = view.locator('.monaco-list-row[aria-level="2"]').first();
  await claimRow.waitFor({ timeout: 10 * SECOND });
  if (first.conflict) {
    assert.match(await claimRow.innerText(), /values disagree/);
  }
  await claimRow.click();
  const st = first.statements[0];
  const file = st.path.replace(/^.*\//, '');
  await view.locator('.monaco-list-row[aria-level="3"]', { hasText: `${file}:${st.line}` }).first().click();
  await page.locator(`.editor-group-container.active .tab.active[data-resource-name="${file}"]`).waitFor({ timeout: 10 * SECOND });
  await page.locator('.statusbar-item', { hasText: new RegExp(`^\\s*Ln ${st.line}, Col \\d+`) }).waitFor({ timeout: 10 * SECOND });
  await shot('09-bundle-view-claims');
  await runCommand('View: Close All Editor Groups');
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
