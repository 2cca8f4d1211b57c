/**
 * The container recipes cannot be run here (no Docker engine), so they are checked against what they
 * must agree with: the Dockerfile starts what `npm start` starts, on the interface and port the docs
 * document, with a health check on a route the gateway serves; compose's settings are documented ones
 * and point at the simulator where compose starts it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const dockerfile = read('Dockerfile');
const compose = read('compose.yaml');
const configurationPage = read('docs/configuration.md');
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

it('the image runs what `npm start` runs after its build, as the unprivileged user', () => {
  const cmd = /^CMD \[(.+)\]$/m.exec(dockerfile)![1];
  expect(JSON.parse(`[${cmd}]`).join(' ')).toBe(scripts.start);
  expect(dockerfile).toMatch(/RUN npm run build/);
  expect(dockerfile).toMatch(/^USER node$/m);
});

it('serves every interface on the documented port, and checks health on /healthz', () => {
  expect(dockerfile).toMatch(/^ENV .*HOST=0\.0\.0\.0/m);
  expect(dockerfile).toMatch(/^ENV .*PORT=4000/m);
  expect(configurationPage).toContain('`HOST=0.0.0.0` serves every interface');
  expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/healthz/);
  expect(read('src/server.ts')).toContain("app.get('/healthz'");
});

it("compose's gateway settings are documented, and its upstream is where compose starts the simulator", () => {
  const variables = [...compose.matchAll(/^\s{6}([A-Z_]+):/gm)].map((match) => match[1]);
  expect(variables.length).toBeGreaterThan(3);
  for (const variable of variables) expect(configurationPage).toContain(`| \`${variable}\` |`);
  const port = /"--port", "(\d+)"/.exec(compose)![1];
  expect(compose).toContain(`UNDUIT_BASE_URL: http://simulator:${port}/api/v1`);
});

it('compose runs two replicas on one Redis, the one compose starts', () => {
  expect(compose).toMatch(/replicas: 2/);
  expect(compose).toMatch(/^ {2}redis:\n\s+image: redis:7/m);
  expect(compose).toContain('REDIS_URL: redis://redis:6379');
});

it('the image carries the export datasets where the gateway reads them', () => {
  expect(dockerfile).toContain('COPY schema/operations/exports ./schema/operations/exports');
  // dist/exports/ in the image: two folders up is /app, where the documents are copied.
  expect(read('src/exports/datasets.ts')).toContain("findUp(path.join('schema', 'operations', 'exports'), __dirname)");
});
