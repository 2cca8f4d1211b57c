/**
 * The README's table of cache TTL settings, derived from the apps' endpoint declarations so that a new
 * endpoint's setting is documented the moment it is declared. `npm run readme:emit` rewrites it; a
 * test fails when the README is stale.
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { apps as defaultApps } from './apps';
import { endpointsOf, type UnduitApp } from './core/app';

export const README_FILE = path.resolve(__dirname, '..', 'README.md');
const START = '<!-- cache-ttl-settings: generated from the endpoint declarations by `npm run readme:emit` -->';
const END = '<!-- /cache-ttl-settings -->';

export function cacheSettingsTable(apps: ReadonlyArray<UnduitApp> = defaultApps): string {
  const rows = endpointsOf(apps).flatMap(({ name, cache }) =>
    cache ? [`| \`${cache.variable}\` | \`${cache.ttlSeconds}\` | seconds \`${name}\` answers are cached (\`0\`: off): ${cache.reason} |`] : [],
  );
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The README with its generated section replaced by the current table. */
export function withCacheSettings(readme: string, apps: ReadonlyArray<UnduitApp> = defaultApps): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} ... ${END} markers`);
  return `${readme.slice(0, start + START.length)}\n${cacheSettingsTable(apps)}\n${readme.slice(end)}`;
}

if (require.main === module) {
  writeFileSync(README_FILE, withCacheSettings(readFileSync(README_FILE, 'utf8')));
  process.stdout.write(`wrote the cache settings of ${README_FILE}\n`);
}
