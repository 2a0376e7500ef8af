// The "Bundle" view: the bundle's articles, each with its findings grouped
// by rule (from the diagnostics the client holds), and the claim ledger
// (`copydesk/ledger`): every figure two or more articles state, conflicts
// marked, each statement opening its article at its line.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** `copydesk/articles`: one article of the bundle. */
interface Article {
  uri: string;
  name: string;
}

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}

/** `copydesk/ledger`: one claim that two or more articles state. */
export interface LedgerRow {
  label: string;
  unit: string;
  conflict: boolean;
  statements: { uri: string; range: Range; written: string; class: number; flagged: string | null }[];
}

type Node =
  | { kind: 'claims' }
  | { kind: 'claim'; row: LedgerRow }
  | { kind: 'statement'; row: LedgerRow; index: number }
  | { kind: 'article'; article: Article; uri: vscode.Uri }
  | { kind: 'rule'; uri: vscode.Uri; rule: string; diagnostics: vscode.Diagnostic[] }
  | { kind: 'finding'; uri: vscode.Uri; diagnostic: vscode.Diagnostic };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The copydesk diagnostics of an article. */
function findings(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'copydesk');
}

function ruleOf(d: vscode.Diagnostic): string {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return code === undefined ? 'other' : String(code);
}

function severityIcon(s: vscode.DiagnosticSeverity): vscode.ThemeIcon {
  switch (s) {
    case vscode.DiagnosticSeverity.Error:
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    case vscode.DiagnosticSeverity.Warning:
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    default:
      return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
  }
}

/** The class most statements of a row share: the others are marked. */
function majority(row: LedgerRow): number {
  const counts = new Map<number, number>();
  for (const s of row.statements) counts.set(s.class, (counts.get(s.class) ?? 0) + 1);
  let best = 0;
  let most = -1;
  for (const [c, n] of counts) {
    if (n > most || (n === most && c < best)) {
      best = c;
      most = n;
    }
  }
  return best;
}

function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

export class BundleView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private articles: Article[] = [];
  private rows: LedgerRow[] = [];
  private client: LanguageClient | undefined;
  private pending: Promise<void> | undefined;
  private again = false;
  /** The view is hidden and the bundle changed since it was last read. */
  private stale = true;
  private readonly view: vscode.TreeView<Node>;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly output: vscode.OutputChannel) {
    this.view = vscode.window.createTreeView('copydesk.bundle', { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions.push(
      this.view,
      this.changed,
      vscode.languages.onDidChangeDiagnostics(() => this.changed.fire(undefined)),
      this.view.onDidChangeVisibility((e) => {
        if (e.visible && this.stale) {
          void this.refresh();
        }
      }),
    );
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  /** Uses this client (or none, when the server stopped). */
  setClient(client: LanguageClient | undefined): void {
    this.client = client;
    if (!client) {
      this.articles = [];
      this.rows = [];
      this.changed.fire(undefined);
    }
  }

  /**
   * The bundle was analysed again: read it now if the view shows, else
   * when it next does (the ledger is not computed for a hidden view).
   */
  bundleChanged(): void {
    if (this.view.visible) {
      void this.refresh();
    } else {
      this.stale = true;
    }
  }

  /** Asks the server for the articles and the ledger again; calls made meanwhile make one more. */
  refresh(): Promise<void> {
    if (this.pending) {
      this.again = true;
      return this.pending;
    }
    this.pending = (async () => {
      do {
        this.again = false;
        this.stale = false;
        await this.fetch();
      } while (this.again);
    })().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetch(): Promise<void> {
    const client = this.client;
    if (!client) {
      return;
    }
    try {
      const [articles, rows] = await Promise.all([
        client.sendRequest<Article[]>('copydesk/articles', {}),
        client.sendRequest<LedgerRow[]>('copydesk/ledger', {}),
      ]);
      this.articles = Array.isArray(articles) ? articles : [];
      this.rows = Array.isArray(rows) ? rows : [];
    } catch (err) {
      this.output.appendLine(`copydesk: the Bundle view could not be read: ${String(err)}`);
    }
    this.changed.fire(undefined);
  }

  private asUri(uri: string): vscode.Uri {
    return this.client ? this.client.protocol2CodeConverter.asUri(uri) : vscode.Uri.parse(uri);
  }

  private asRange(r: Range): vscode.Range {
    return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  }

  private open(uri: vscode.Uri, range: vscode.Range): vscode.Command {
    return {
      title: 'Open',
      command: 'vscode.open',
      arguments: [uri, { selection: range, preserveFocus: false } satisfies vscode.TextDocumentShowOptions],
    };
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const articles: Node[] = this.articles.map((article) => ({ kind: 'article', article, uri: this.asUri(article.uri) }));
      return [{ kind: 'claims' }, ...articles];
    }
    switch (node.kind) {
      case 'claims':
        return this.rows.map((row) => ({ kind: 'claim', row }));
      case 'claim':
        return node.row.statements.map((_, index) => ({ kind: 'statement', row: node.row, index }));
      case 'article': {
        const byRule = new Map<string, vscode.Diagnostic[]>();
        for (const d of findings(node.uri)) {
          const rule = ruleOf(d);
          byRule.set(rule, [...(byRule.get(rule) ?? []), d]);
        }
        return [...byRule.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([rule, diagnostics]) => ({ kind: 'rule', uri: node.uri, rule, diagnostics }));
      }
      case 'rule':
        return node.diagnostics.map((diagnostic) => ({ kind: 'finding', uri: node.uri, diagnostic }));
      default:
        return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'claims': {
        const conflicts = this.rows.filter((r) => r.conflict).length;
        const item = new vscode.TreeItem('Claims', this.rows.length ? C.Collapsed : C.None);
        item.id = 'claims';
        item.description = `${plural(this.rows.length, 'claim')} · ${conflicts} in conflict`;
        item.tooltip = 'Figures that two or more articles state, with each article\'s value (copydesk/ledger)';
        item.iconPath = new vscode.ThemeIcon('law');
        return item;
      }
      case 'claim': {
        const r = node.row;
        const item = new vscode.TreeItem(r.label || 'figure', C.Collapsed);
        item.description = `${r.unit} · ${plural(r.statements.length, 'article')}${r.conflict ? ' · ✗ values disagree' : ''}`;
        item.iconPath = r.conflict
          ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
          : new vscode.ThemeIcon('check');
        return item;
      }
      case 'statement': {
        const s = node.row.statements[node.index];
        const uri = this.asUri(s.uri);
        const range = this.asRange(s.range);
        const odd = node.row.conflict && s.class !== majority(node.row);
        const item = new vscode.TreeItem(s.written, C.None);
        item.description =
          `${basename(uri)}:${range.start.line + 1}` + (odd ? ' ✗ disagrees' : '') + (s.flagged ? ` (${s.flagged})` : '');
        item.iconPath = odd ? new vscode.ThemeIcon('close') : new vscode.ThemeIcon('symbol-number');
        item.command = this.open(uri, range);
        return item;
      }
      case 'article': {
        const n = findings(node.uri).length;
        const item = new vscode.TreeItem(node.article.name, n ? C.Collapsed : C.None);
        item.id = `article:${node.article.uri}`;
        item.resourceUri = node.uri;
        item.description = n ? plural(n, 'finding') : 'no findings';
        item.command = this.open(node.uri, new vscode.Range(0, 0, 0, 0));
        return item;
      }
      case 'rule': {
        const item = new vscode.TreeItem(node.rule, C.Collapsed);
        item.description = String(node.diagnostics.length);
        const worst = Math.min(...node.diagnostics.map((d) => d.severity));
        item.iconPath = severityIcon(worst);
        return item;
      }
      case 'finding': {
        const d = node.diagnostic;
        const item = new vscode.TreeItem(d.message.split('\n')[0], C.None);
        item.description = `Ln ${d.range.start.line + 1}`;
        item.tooltip = d.message;
        item.iconPath = severityIcon(d.severity);
        item.command = this.open(node.uri, d.range);
        return item;
      }
    }
  }
}
