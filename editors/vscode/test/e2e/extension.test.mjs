// End-to-end test of the packaged extension in a real VS Code: code-server
// (VS Code in the browser) driven through Debian's Chromium by
// playwright-core. scripts/test-extension builds what this needs and runs it:
//
//   node --test editors/vscode/test/e2e/extension.test.mjs
//
// Its environment and the code-server and Chromium it drives: harness.mjs.
//
// It asserts what a user sees: the Problems panel lists the bundle's
// findings (for articles that are not open too), hovering "H20" shows the
// hover card, and the quick fix of a name variant changes the editor's text,
// clears its diagnostic before any save (the problem counts become those of
// the fixed text) and, once saved, changes the file.

import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

const { SECOND, MOD } = h;
const P = h.paths();

let dirs;
let workspace;
let server;
let browser;
let page;
/** Findings the CLI reports for the seeds: the truth the editor must show. */
let expected;

const shot = (name) => h.shot(P, page, name);

const runCommand = (title) => h.runCommand(page, title);
const openAt = (file, line, col) => h.openAt(page, file, line, col);

/**
 * The screen rectangle of the first rendered occurrence of `text` in the
 * active editor (the line must be scrolled into view; word wrap is on).
 */
async function rectOf(text) {
  const rect = await page.evaluate((needle) => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
    if (!editor) return null;
    const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.data.replace(/\u00a0/g, ' ').indexOf(needle);
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(n, at);
        range.setEnd(n, at + needle.length);
        const r = range.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }
    }
    return null;
  }, text);
  assert.ok(rect, `"${text}" is not rendered in the active editor`);
  return rect;
}

/** The text of the active editor's rendered lines. */
async function renderedText() {
  return page.evaluate(() => {
    const lines = document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line');
    return [...lines].map((l) => l.textContent.replace(/\u00a0/g, ' ')).join('\n');
  });
}

/** Waits until the status bar's error and warning counts are those of `findings`. */
async function waitForProblemCounts(findings, name) {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  try {
    await page.waitForFunction(
      ([e, w]) => {
        const el = document.getElementById('status.problems');
        const label = (el?.getAttribute('aria-label') ?? '') + ' ' + (el?.textContent ?? '');
        const num = (re) => Number((re.exec(label) ?? [])[1] ?? 0);
        // "Errors: 0, Warnings: 33" (aria-label) or "0 errors, 33 warnings".
        const count = (word) => num(new RegExp(`${word}s?:\\s*(\\d+)`, 'i')) || num(new RegExp(`(\\d+)\\s+${word}`, 'i'));
        return count('error') === e && count('warning') === w;
      },
      [errors, warnings],
      { timeout: 60 * SECOND },
    );
  } catch (err) {
    await shot(`${name}-FAILED`);
    const label = await page.locator('[id="status.problems"]').getAttribute('aria-label').catch(() => null);
    throw new Error(`status bar problems "${label}", expected ${errors} errors and ${warnings} warnings: ${err.message}`);
  }
}

before(async () => {
  for (const f of [P.codeServer, P.vsix, P.copydesk, P.chromium]) {
    assert.ok(existsSync(f), `missing ${f}`);
  }
  // A copy, so that the quick fix does not change the repository.
  dirs = h.prepare(P, 'copydesk-e2e-');
  workspace = dirs.workspace;
  expected = JSON.parse(h.cli(P.copydesk, workspace, '--format', 'json'));
}, { timeout: 60 * SECOND });

after(async () => {
  await h.tearDown({ browser, server, tmp: dirs?.tmp });
});

test('code-server starts with the packaged extension installed', { timeout: 120 * SECOND }, async () => {
  const installed = h.installVsix(P, dirs);
  console.log(`# ${installed.trim().split('\n').join('\n# ')}`);
  const { extensions } = dirs;
  const ext = readdirSync(extensions).filter((d) => d.startsWith('copydesk.copydesk-'));
  assert.equal(ext.length, 1, `the extension is not in ${extensions}: ${readdirSync(extensions)}`);
  assert.ok(existsSync(join(extensions, ext[0], 'server', 'copydesk')), 'the .vsix has no server binary');
  assert.ok(existsSync(join(extensions, ext[0], 'dist', 'extension.js')), 'the .vsix has no dist/extension.js');

  server = await h.startCodeServer(P, dirs);
  ({ browser, page } = await h.openWorkbench(P, server, workspace));
});

test('the Problems panel lists the bundle findings, also for articles that are not open', { timeout: 120 * SECOND }, async () => {
  expected = JSON.parse(h.cli(P.copydesk, workspace, '--format', 'json'));
  const counted = expected.filter((f) => f.severity === 'error' || f.severity === 'warning');
  assert.ok(counted.length > 0, 'the CLI finds nothing in the seeds');

  // Opening one article activates the extension (onLanguage:plaintext); the
  // server then checks the whole bundle.
  const variant = expected.find((f) => f.code === 'name-variant' && f.related.length > 0);
  assert.ok(variant, 'the CLI reports no name variant with a related place');
  const file = variant.path.replace(/^\.\//, '');
  await openAt(file, variant.line, variant.column);
  await runCommand('copydesk: Check Whole Bundle');

  // The status bar's problem counts match the CLI, for all articles.
  await waitForProblemCounts(expected, 'problems');

  // The copydesk status bar item: bundle size and findings.
  const articles = new Set(readdirSync(workspace).filter((f) => /\.(txt|md|markdown)$/.test(f))).size;
  const status = page.locator('.statusbar-item', { hasText: /\d+ articles? · \d+ findings?/ });
  await status.waitFor({ timeout: 30 * SECOND });
  const statusText = await status.innerText();
  assert.match(statusText, new RegExp(`\\b${articles} articles\\b`), `status bar item: ${statusText}`);

  // The Problems panel: the name variant's message with its related place
  // (a child row) ...
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ state: 'visible' });
  const filter = page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
  await filter.fill(variant.code);
  const variantRow = page.locator('.markers-panel .monaco-list-row', { hasText: variant.message.slice(0, 40) }).first();
  await variantRow.waitFor({ timeout: 10 * SECOND });
  const related = variant.related[0];
  const relatedRow = page
    .locator('.markers-panel .monaco-list-row', { hasText: related.message })
    .filter({ hasText: related.path.replace(/^.*\//, '') })
    .first();
  await relatedRow.waitFor({ timeout: 10 * SECOND });
  await page.waitForTimeout(500); // let the rows settle for the picture
  await shot('01-problems');

  // ... and every article with findings, open or not, is a row of its own.
  await filter.fill('');
  await page.locator('.markers-panel').hover();
  await page.locator('.panel [aria-label="Collapse All"], .panel [aria-label="Collapse all"]').first().click();
  const filesWithFindings = [...new Set(expected.map((f) => f.path.replace(/^.*\//, '')))];
  for (const f of filesWithFindings) {
    await page.locator('.markers-panel .monaco-list-row', { hasText: f }).first().waitFor({ timeout: 10 * SECOND });
  }
  await shot('02-problems-by-article');
});

test('hovering "H20" shows the hover card', { timeout: 90 * SECOND }, async () => {
  const text = readdirSync(workspace)
    .map((f) => ({ f, lines: readFileSync(join(workspace, f), 'utf8').split('\n') }))
    .flatMap(({ f, lines }) => lines.map((l, i) => ({ f, line: i + 1, col: l.indexOf('H20') + 1 })))
    .find((x) => x.col > 0);
  assert.ok(text, 'no article mentions H20');
  await openAt(text.f, text.line, text.col);
  await page.keyboard.press('Escape');
  const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover-content');
  const r = await rectOf('H20');
  // Move onto the word and wait for the hover card; a second move wakes a
  // hover that was pending on a previous one.
  await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2 + 8);
  await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
  try {
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.monaco-hover-content')].some(
          (h) => h.offsetParent !== null && /H20/.test(h.textContent ?? '') && (h.textContent ?? '').length > 20,
        ),
      null,
      { timeout: 20 * SECOND },
    );
  } catch (err) {
    await shot('03-hover-FAILED');
    const shown = await hover.allInnerTexts().catch(() => []);
    throw new Error(`no hover card about H20 (visible hovers: ${JSON.stringify(shown)}): ${err.message}`);
  }
  await page.waitForTimeout(700); // the card fades in
  const card = (await hover.allInnerTexts()).find((t) => /H20/.test(t));
  console.log(`# hover: ${JSON.stringify(card?.slice(0, 300))}`);
  assert.match(card ?? '', /Nvidia/i, 'the H20 hover card does not name its maker');
  await shot('03-hover-h20');
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
});

test('the quick fix of a name variant changes the text in the editor', { timeout: 90 * SECOND }, async () => {
  const variant = expected.find(
    (f) => f.code === 'name-variant' && f.line === f.end_line && f.fixes.some((x) => x.title.startsWith('Replace with')),
  );
  assert.ok(variant, 'the CLI reports no name variant with a replacement fix');
  const fix = variant.fixes.find((x) => x.title.startsWith('Replace with'));
  const file = variant.path.replace(/^.*\//, '');
  const lines = readFileSync(join(workspace, file), 'utf8').split('\n');
  const lineText = lines[variant.line - 1];
  // Columns are Unicode scalar values, 1-based, end exclusive.
  const chars = [...lineText];
  const wrong = chars.slice(variant.column - 1, variant.end_column - 1).join('');
  const right = fix.edits[0].new_text;
  assert.notEqual(wrong, right);
  const fixedLine = [...chars.slice(0, variant.column - 1), ...right, ...chars.slice(variant.end_column - 1)].join('');

  await openAt(file, variant.line, variant.column);
  const before = await renderedText();
  assert.ok(before.includes(wrong), `the editor does not show "${wrong}"`);
  // The cursor is on the variant: open the quick fix menu (Ctrl+.).
  await page.keyboard.press(`${MOD}+Period`);
  const menu = page.locator('.action-widget');
  await menu.waitFor({ state: 'visible', timeout: 20 * SECOND });
  await menu.locator('.monaco-list-row', { hasText: fix.title }).first().waitFor({ timeout: 10 * SECOND });
  // Walk the menu with the keyboard to the fix (the menu blocks the pointer).
  const focused = menu.locator('.monaco-list-row.focused');
  for (let i = 0; i < 20 && (await focused.getAttribute('aria-label').catch(() => null)) !== fix.title; i++) {
    await page.keyboard.press('ArrowDown');
  }
  assert.equal(await focused.getAttribute('aria-label'), fix.title, 'the quick fix is not in the menu');
  await page.waitForTimeout(300);
  await shot('04-quick-fix-menu');
  await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'hidden' });

  // The editor shows the new spelling, the document is dirty, the old one is gone from that line.
  await page.waitForFunction(
    ([w, r]) => {
      const lines = document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line');
      const t = [...lines].map((l) => l.textContent.replace(/\u00a0/g, ' ')).join('\n');
      return t.includes(r);
    },
    [wrong, right],
    { timeout: 10 * SECOND },
  );
  await page.locator('.tab.active.dirty').waitFor({ timeout: 10 * SECOND });
  await shot('05-quick-fix-applied');

  // Before any save, the server has re-checked the edited buffer: the
  // problem counts are what the CLI says of a copy with the fixed line,
  // which no longer has the variant's finding.
  const unsavedDir = join(dirs.tmp, 'unsaved');
  cpSync(workspace, unsavedDir, { recursive: true });
  writeFileSync(join(unsavedDir, file), lines.map((l, i) => (i === variant.line - 1 ? fixedLine : l)).join('\n'));
  const unsaved = JSON.parse(h.cli(P.copydesk, unsavedDir, '--format', 'json'));
  const same = (f) => f.code === variant.code && f.path === variant.path && f.message === variant.message;
  assert.ok(!unsaved.some(same), 'the CLI still reports the fixed variant in the fixed text');
  assert.ok(expected.some(same));
  await waitForProblemCounts(unsaved, 'before-save');
  assert.ok(await page.locator('.tab.active.dirty').isVisible(), 'the article was saved before its diagnostics were checked');

  // Saved, the file holds exactly the fixed line (the copy, not the repository).
  await page.keyboard.press(`${MOD}+KeyS`);
  await page.locator('.tab.active.dirty').waitFor({ state: 'detached', timeout: 10 * SECOND });
  const after = readFileSync(join(workspace, file), 'utf8').split('\n');
  assert.equal(after[variant.line - 1], fixedLine);
  assert.deepEqual(
    after.filter((_, i) => i !== variant.line - 1),
    lines.filter((_, i) => i !== variant.line - 1),
  );
  // The server re-checks the saved bundle: the editor's problem counts
  // match what the CLI now says about the fixed copy.
  const now = JSON.parse(h.cli(P.copydesk, workspace, '--format', 'json'));
  assert.ok(
    !now.some((f) => f.code === variant.code && f.path === variant.path && f.message === variant.message),
    'the CLI still reports the fixed variant',
  );
  await waitForProblemCounts(now, 'after-fix');
});
