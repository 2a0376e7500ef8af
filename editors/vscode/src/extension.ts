// The copydesk extension: starts `copydesk lsp` for plain-text and Markdown
// articles and adds what LSP alone does not give VS Code: commands (restart,
// fact sheet, fix all, check the bundle), the "Bundle" view (articles with
// their findings by rule, and the claim ledger), a status bar item fed by
// the server's `copydesk/status` notification that opens that view, and
// settings that mirror
// copydesk.toml. Diagnostics, quick fixes, hovers, rename, references and
// indexing progress come from the server through vscode-languageclient.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  NotificationType,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { BundleView } from './bundleView';

/** Sent by the server after each analysis. */
interface StatusParams {
  articles: number;
  findings: number;
  skipped: number;
}
const StatusNotification = new NotificationType<StatusParams>('copydesk/status');

/** The server's own commands (workspace/executeCommand). */
const SERVER_FACT_SHEET = 'copydesk.factSheet';
const SERVER_FIX_ALL = 'copydesk.fixAll';

/** Settings whose change needs a new server (they go in initializationOptions). */
const RESTART_SETTINGS = ['copydesk.server', 'copydesk.rules', 'copydesk.bundle'];

type Severity = 'error' | 'warning' | 'information' | 'hint' | 'off';

/**
 * `initializationOptions.settings`: the VS Code settings that mirror
 * copydesk.toml, in copydesk.toml's own shape (`[rules]`, `[bundle]`).
 */
export interface MirroredSettings {
  rules: Record<string, Severity>;
  bundle: { include: string[]; exclude: string[]; priority: string[] };
}

/**
 * Fact sheets, written as Markdown files under the extension's storage and
 * shown in VS Code's Markdown preview. The preview does not follow `file:`
 * links (markdown-it rejects the scheme), so the server's links to articles
 * (`file:///…/a.txt#L12`) become relative paths, which the preview opens at
 * that line.
 */
class FactSheets {
  constructor(private readonly dir: vscode.Uri) {}

  owns(uri: vscode.Uri): boolean {
    return uri.scheme === this.dir.scheme && uri.path.startsWith(`${this.dir.path}/`);
  }

  /** Writes a sheet to a file named after the entity and returns its URI. */
  async put(name: string, markdown: string): Promise<vscode.Uri> {
    const safe = name.replace(/[^\p{L}\p{N} ._-]+/gu, '_').trim() || 'entity';
    await vscode.workspace.fs.createDirectory(this.dir);
    const uri = vscode.Uri.joinPath(this.dir, `Fact sheet - ${safe}.md`);
    const text = relativeLinks(markdown, this.dir.fsPath);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    return uri;
  }
}

/** Rewrites Markdown links to `file:` URIs as paths relative to `fromDir`. */
export function relativeLinks(markdown: string, fromDir: string): string {
  return markdown.replace(/\]\((file:\/\/[^)\s]+)\)/g, (whole, link: string) => {
    let target: vscode.Uri;
    try {
      target = vscode.Uri.parse(link, true);
    } catch {
      return whole;
    }
    const rel = path.relative(fromDir, target.fsPath).split(path.sep).map(encodeURIComponent).join('/');
    return `](${rel}${target.fragment ? `#${target.fragment}` : ''})`;
  });
}

class Copydesk implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient | undefined> | undefined;
  private readonly output = vscode.window.createOutputChannel('copydesk');
  private readonly status = vscode.window.createStatusBarItem(
    'copydesk.status',
    vscode.StatusBarAlignment.Left,
    10,
  );
  private readonly sheets: FactSheets;
  private readonly bundle: BundleView;
  private lastStatus: StatusParams | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.sheets = new FactSheets(vscode.Uri.joinPath(context.globalStorageUri, 'fact-sheets'));
    this.bundle = new BundleView(this.output);
    this.status.name = 'copydesk';
    this.status.command = 'copydesk.showBundle';
    this.setStatus('starting');
    this.status.show();
  }

  register(): void {
    const ctx = this.context;
    ctx.subscriptions.push(
      this,
      vscode.commands.registerCommand('copydesk.restartServer', () => this.restart()),
      vscode.commands.registerCommand('copydesk.showFactSheet', () => this.showFactSheet()),
      vscode.commands.registerCommand('copydesk.fixAllInDocument', () => this.fixAllInDocument()),
      vscode.commands.registerCommand('copydesk.checkBundle', () => this.checkBundle()),
      vscode.commands.registerCommand('copydesk.showBundle', () => this.showBundle()),
      vscode.commands.registerCommand('copydesk.refreshBundle', () => this.bundle.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (RESTART_SETTINGS.some((s) => e.affectsConfiguration(s))) {
          void this.restart();
        }
      }),
    );
  }

  dispose(): void {
    this.bundle.dispose();
    this.status.dispose();
    this.output.dispose();
  }

  /** The running client, started on first use. */
  async ensureClient(): Promise<LanguageClient | undefined> {
    if (this.client) {
      return this.client;
    }
    if (!this.starting) {
      this.starting = this.start().finally(() => {
        this.starting = undefined;
      });
    }
    return this.starting;
  }

  private async start(): Promise<LanguageClient | undefined> {
    const command = this.serverPath();
    if (!command) {
      this.setStatus('stopped');
      return undefined;
    }
    const config = vscode.workspace.getConfiguration('copydesk');
    const serverOptions: ServerOptions = {
      command,
      args: ['lsp'],
      options: { env: { ...process.env } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'plaintext' },
        { scheme: 'file', language: 'markdown' },
        { scheme: 'untitled', language: 'plaintext' },
        { scheme: 'untitled', language: 'markdown' },
        { scheme: 'file', pattern: '**/copydesk.toml' },
      ],
      initializationOptions: {
        debounceMs: config.get<number>('server.debounceMs', 120),
        settings: mirroredSettings(config),
      },
      outputChannel: this.output,
      traceOutputChannel: this.output,
      // The fact sheets are Markdown files of ours, not articles.
      middleware: {
        didOpen: (doc, next) => (this.sheets.owns(doc.uri) ? Promise.resolve() : next(doc)),
        didChange: (e, next) => (this.sheets.owns(e.document.uri) ? Promise.resolve() : next(e)),
        didSave: (doc, next) => (this.sheets.owns(doc.uri) ? Promise.resolve() : next(doc)),
        didClose: (doc, next) => (this.sheets.owns(doc.uri) ? Promise.resolve() : next(doc)),
      },
    };
    // The id 'copydesk' makes the client read `copydesk.trace.server`.
    const client = new LanguageClient('copydesk', 'copydesk', serverOptions, clientOptions);
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped && this.client === client) {
        this.setStatus('stopped');
        this.bundle.setClient(undefined);
      } else if (e.newState === State.Starting) {
        this.setStatus('starting');
      }
    });
    this.context.subscriptions.push(
      client.onNotification(StatusNotification, (params) => {
        this.lastStatus = params;
        this.setStatus('running');
        // After each analysis: the articles and the ledger may have changed.
        this.bundle.bundleChanged();
      }),
    );
    this.setStatus('starting');
    try {
      await client.start();
    } catch (err) {
      this.setStatus('stopped');
      this.output.appendLine(`copydesk: the server did not start: ${String(err)}`);
      void vscode.window
        .showErrorMessage(`copydesk: the server (${command}) did not start.`, 'Show Log', 'Open Settings')
        .then((pick) => {
          if (pick === 'Show Log') {
            this.output.show();
          } else if (pick === 'Open Settings') {
            void vscode.commands.executeCommand('workbench.action.openSettings', 'copydesk.server.path');
          }
        });
      return undefined;
    }
    this.client = client;
    this.bundle.setClient(client);
    this.bundle.bundleChanged();
    if (!this.lastStatus) {
      this.setStatus('indexing');
    }
    return client;
  }

  async stop(): Promise<void> {
    const client = this.client ?? (await this.starting);
    this.client = undefined;
    this.lastStatus = undefined;
    if (client) {
      try {
        await client.stop();
      } catch (err) {
        this.output.appendLine(`copydesk: stopping the server failed: ${String(err)}`);
      }
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.ensureClient();
  }

  /** The server binary: `copydesk.server.path`, else the bundled one. */
  private serverPath(): string | undefined {
    const setting = vscode.workspace.getConfiguration('copydesk').get<string>('server.path', '').trim();
    if (setting) {
      let p = setting.startsWith('~') ? path.join(os.homedir(), setting.slice(1)) : setting;
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!path.isAbsolute(p) && folder && p.includes(path.sep)) {
        p = path.join(folder.uri.fsPath, p);
      }
      return p; // a bare name is looked up on PATH by the spawn
    }
    const exe = process.platform === 'win32' ? 'copydesk.exe' : 'copydesk';
    const bundled = this.context.asAbsolutePath(path.join('server', exe));
    if (!fs.existsSync(bundled)) {
      void vscode.window
        .showErrorMessage(
          'copydesk: this build of the extension has no server for this platform. Set copydesk.server.path to a copydesk binary.',
          'Open Settings',
        )
        .then((pick) => {
          if (pick) {
            void vscode.commands.executeCommand('workbench.action.openSettings', 'copydesk.server.path');
          }
        });
      return undefined;
    }
    if (process.platform !== 'win32') {
      try {
        fs.accessSync(bundled, fs.constants.X_OK);
      } catch {
        // A .vsix unpacked by a tool that drops file modes.
        fs.chmodSync(bundled, 0o755);
      }
    }
    return bundled;
  }

  private setStatus(state: 'starting' | 'indexing' | 'running' | 'stopped'): void {
    const s = this.lastStatus;
    switch (state) {
      case 'starting':
      case 'indexing':
        this.status.text = '$(sync~spin) copydesk';
        this.status.tooltip = state === 'starting' ? 'copydesk: starting the server' : 'copydesk: reading the bundle';
        this.status.command = 'copydesk.showBundle';
        break;
      case 'running':
        if (!s) {
          return;
        }
        this.status.text = `$(checklist) ${plural(s.articles, 'article')} · ${plural(s.findings, 'finding')}`;
        this.status.tooltip =
          `copydesk: ${plural(s.articles, 'article')} in the bundle, ${plural(s.findings, 'finding')}` +
          (s.skipped ? `, ${plural(s.skipped, 'file')} skipped (binary or not UTF-8)` : '') +
          '. Click to show the Bundle view.';
        this.status.command = 'copydesk.showBundle';
        break;
      case 'stopped':
        this.status.text = '$(error) copydesk';
        this.status.tooltip = 'copydesk: the server is not running. Click to restart it.';
        this.status.command = 'copydesk.restartServer';
        break;
    }
  }

  private async showFactSheet(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('copydesk: open an article and put the cursor on a name.');
      return;
    }
    const client = await this.ensureClient();
    if (!client) {
      return;
    }
    const doc = editor.document;
    const pos = editor.selection.active;
    const markdown = await client.sendRequest(ExecuteCommandRequest.type, {
      command: SERVER_FACT_SHEET,
      arguments: [client.code2ProtocolConverter.asUri(doc.uri), client.code2ProtocolConverter.asPosition(pos)],
    });
    if (typeof markdown !== 'string' || !markdown) {
      void vscode.window.showInformationMessage('copydesk: no entity under the cursor.');
      return;
    }
    const range = doc.getWordRangeAtPosition(pos, /[\p{L}\p{N}][\p{L}\p{N}.&'’-]*/u);
    const heading = /^#+\s+(.+)$/m.exec(markdown)?.[1];
    const uri = await this.sheets.put(heading ?? (range ? doc.getText(range) : 'entity'), markdown);
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    } catch {
      // No Markdown preview (the built-in extension disabled): show the source.
      const sheet = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(sheet, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }
  }

  private async fixAllInDocument(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      return;
    }
    const client = await this.ensureClient();
    if (!client) {
      return;
    }
    const doc = editor.document;
    const before = doc.version;
    // The server answers after the client has applied its workspace/applyEdit.
    await client.sendRequest(ExecuteCommandRequest.type, {
      command: SERVER_FIX_ALL,
      arguments: [client.code2ProtocolConverter.asUri(doc.uri)],
    });
    if (doc.version === before) {
      void vscode.window.showInformationMessage('copydesk: nothing to fix in this document.');
    }
  }

  /** Reveals the Bundle view and reads the bundle again. */
  private async showBundle(): Promise<void> {
    await this.ensureClient();
    await vscode.commands.executeCommand('copydesk.bundle.focus');
    await this.bundle.refresh();
  }

  private async checkBundle(): Promise<void> {
    // The server publishes diagnostics for every article of the workspace,
    // open or not; starting it is all the checking there is to do.
    await this.ensureClient();
    // Opens and focuses the Problems view (the keybinding's command toggles).
    await vscode.commands.executeCommand('workbench.panel.markers.view.focus');
  }
}

function mirroredSettings(config: vscode.WorkspaceConfiguration): MirroredSettings {
  const strings = (key: string): string[] =>
    (config.get<unknown[]>(key) ?? []).filter((v): v is string => typeof v === 'string');
  return {
    rules: { ...(config.get<Record<string, Severity>>('rules') ?? {}) },
    bundle: {
      include: strings('bundle.include'),
      exclude: strings('bundle.exclude'),
      priority: strings('bundle.priority'),
    },
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

let copydesk: Copydesk | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  copydesk = new Copydesk(context);
  copydesk.register();
  await copydesk.ensureClient();
}

export async function deactivate(): Promise<void> {
  await copydesk?.stop();
  copydesk = undefined;
}
