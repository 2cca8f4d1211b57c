/**
 * `npm test` starts real servers and a real browser: Debian's redis-server and chromium (or the
 * browser CHROMIUM_PATH names), runs the docs' curl examples with curl and their pandas example with
 * Debian's python3-pandas, and reads the xlsx exports with its python3-openpyxl (or the Python
 * PANDAS_PYTHON names). Before any test, this finds them; when some are missing and this
 * machine can install them (root, apt-get), it does; otherwise it stops with one line saying how.
 */
const { execFileSync } = require('node:child_process');
const { accessSync, constants } = require('node:fs');
const path = require('node:path');

function onPath(command) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Python the pandas example and the xlsx reader run on (test/integration/export-*.test.ts): Debian's. */
function pythonHas(module) {
  try {
    execFileSync(process.env.PANDAS_PYTHON ?? '/usr/bin/python3', ['-c', `import ${module}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function missingPackages() {
  const missing = [];
  if (!pythonHas('pandas')) missing.push('python3-pandas');
  if (!pythonHas('openpyxl')) missing.push('python3-openpyxl');
  if (!onPath('redis-server')) missing.push('redis-server');
  if (!onPath('curl')) missing.push('curl');
  const browser = process.env.CHROMIUM_PATH;
  if (browser ? !executable(browser) : !onPath('chromium')) missing.push('chromium');
  return missing;
}

const missing = missingPackages();
if (missing.length === 0) process.exit(0);

const canInstall = typeof process.getuid === 'function' && process.getuid() === 0 && onPath('apt-get');
if (canInstall) {
  process.stdout.write(`npm test: installing ${missing.join(', ')} with apt-get (the tests use them)\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'], env };
  try {
    execFileSync('apt-get', ['update', '-qq'], quiet);
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], quiet);
  } catch {
    // Falls through to the one line below.
  }
  if (missingPackages().length === 0) process.exit(0);
}

const needsBrowser = missing.includes('chromium');
process.stderr.write(
  `npm test needs ${missing.join(', ')}: run \`sudo apt-get install -y ${missing.join(' ')}\` (Debian/Ubuntu)` +
    (needsBrowser
      ? ', or set CHROMIUM_PATH to a Chrome or Chromium binary (macOS: "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")'
      : '') +
    (missing.includes('redis-server') ? '; on macOS `brew install redis`' : '') +
    (missing.some((name) => name.startsWith('python3-')) ? '; or set PANDAS_PYTHON to a Python with pandas and openpyxl' : '') +
    '\n',
);
process.exit(1);
