/**
 * An explorer that works offline: GraphiQL 3 from the `graphiql` package's own build (and React's),
 * served by the gateway at `/graphiql`, same origin, nothing from a CDN. `GET /` lands on it, or on
 * Apollo Sandbox (`GET /graphql`, which loads from Apollo's CDN) with `GATEWAY_EXPLORER=sandbox`.
 * Only the four files the page needs are served, by name: no directory of node_modules is exposed.
 * Subscriptions run over the gateway's WebSocket (edge/subscriptions-ws.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Router } from 'express';
import express from 'express';

export type Explorer = 'graphiql' | 'sandbox';

/** The files by name: package, its file, content type. */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

/** A package's folder (its `exports` hide the bundles from require.resolve): up from its entry to its package.json. */
function packageRoot(name: string): string {
  for (let dir = path.dirname(require.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
  }
  throw new Error(`package ${name} not found`);
}

const EXAMPLE = `# Welcome to the Unduit GraphQL gateway. Run with the play button, or Ctrl-Enter.
query UsersPage {
  users(page: 1) {
    pageInfo { totalCount }
    items { email firstName lastName assignedAssets { assetId modelName } }
  }
}
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Unduit GraphQL gateway</title>
<link rel="stylesheet" href="/graphiql/assets/graphiql.min.css">
<style>body { margin: 0; } #graphiql { height: 100vh; }</style>
</head>
<body>
<div id="graphiql">Loading the explorer...</div>
<script src="/graphiql/assets/react.production.min.js"></script>
<script src="/graphiql/assets/react-dom.production.min.js"></script>
<script src="/graphiql/assets/graphiql.min.js"></script>
<script>
  const url = new URL('/graphql', location.href);
  // Subscriptions over the WebSocket of the same path (graphql-ws, bundled in GraphiQL); the headers tab's credentials go as its connection parameters.
  const subscriptionUrl = url.toString().replace(/^http/, 'ws');
  const fetcher = GraphiQL.createFetcher({ url: url.toString(), subscriptionUrl });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultQuery: ${JSON.stringify(EXAMPLE)} }),
  );
</script>
</body>
</html>
`;

export function explorerRoutes(): Router {
  // Resolved once, at start-up: a missing bundle stops the gateway rather than failing in a browser.
  const files = Object.fromEntries(
    Object.entries(ASSETS).map(([name, asset]) => [name, { path: path.join(packageRoot(asset.pkg), asset.file), type: asset.type }]),
  );
  const router = express.Router();
  router.get('/graphiql', (_req, res) => {
    res.type('html').setHeader('cache-control', 'no-cache').send(PAGE);
  });
  router.get('/graphiql/assets/:file', (req, res, next) => {
    const asset = files[String(req.params.file)];
    if (!asset) return next();
    res.type(asset.type).setHeader('cache-control', 'public, max-age=86400');
    res.sendFile(asset.path);
  });
  return router;
}
