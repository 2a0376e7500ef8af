// Puts the copydesk binary for this platform into server/, where the
// extension looks for it and from where vsce packs it into the .vsix.
//
// The binary is COPYDESK_SERVER_BINARY when that is set; otherwise this runs
// `cargo build --release --locked` at the repository root (a no-op when the
// build is up to date) and takes target/release/copydesk.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const extRoot = resolve(here, '..');
const repoRoot = resolve(extRoot, '..', '..');
const exe = process.platform === 'win32' ? 'copydesk.exe' : 'copydesk';

let source = process.env.COPYDESK_SERVER_BINARY;
if (!source) {
  console.log('copy-server: cargo build --release --locked --bin copydesk');
  execFileSync('cargo', ['build', '--release', '--locked', '--bin', 'copydesk'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  source = join(repoRoot, 'target', 'release', exe);
}
if (!existsSync(source)) {
  console.error(`copy-server: no server binary at ${source}`);
  process.exit(1);
}

const destDir = join(extRoot, 'server');
rmSync(destDir, { recursive: true, force: true });
mkdirSync(destDir, { recursive: true });
const dest = join(destDir, exe);
copyFileSync(source, dest);
chmodSync(dest, 0o755);
// Debug symbols are most of the binary; the .vsix does not need them.
if (process.platform === 'linux') {
  try {
    execFileSync('strip', ['--strip-debug', dest], { stdio: 'inherit' });
  } catch {
    console.log('copy-server: strip not available; packing the binary as built');
  }
}
console.log(`copy-server: ${source} -> ${dest}`);
