/** Invariants of the layout that the compiler cannot see. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { apps } from '../../src/apps';
import { endpointsOf } from '../../src/core/app';

const SRC = path.resolve(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

const gatewayFiles = sourceFiles(SRC).filter((file) => !file.startsWith(path.join(SRC, 'simulator')));

describe('the simulator is an independent oracle', () => {
  it('imports nothing of the gateway (only its own files and packages)', () => {
    const outside = sourceFiles(path.join(SRC, 'simulator')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)]
        .map((match) => path.resolve(path.dirname(file), match[1]))
        .filter((target) => !target.startsWith(path.join(SRC, 'simulator')))
        .map((target) => `${path.relative(SRC, file)} -> ${path.relative(SRC, target)}`),
    );
    expect(outside).toEqual([]);
  });
});

describe('each upstream endpoint is declared once', () => {
  it.each(endpointsOf(apps).map((endpoint) => [endpoint.name, endpoint.template]))('%s', (name, template) => {
    const files = gatewayFiles.filter((file) => readFileSync(file, 'utf8').includes(`'${template}'`));
    expect(files.map((file) => path.relative(SRC, file))).toHaveLength(1);
    expect(gatewayFiles.filter((file) => readFileSync(file, 'utf8').includes(`'${name}'`))).toEqual([]);
  });
});
