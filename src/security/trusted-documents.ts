/**
 * Trusted documents (`GATEWAY_TRUSTED_DOCUMENTS=<manifest>`): only the operations a team shipped run.
 * The manifest is the JSON GraphQL Code Generator's client preset writes with `persistedDocuments:
 * true` (`{ "<sha256 hex>": "<document>" }`); the repository ships one for its own operations
 * (`schema/generated/persisted-documents.json`, `npm run documents:emit`). A request names its
 * document by hash, as `documentId` (optionally `sha256:`-prefixed) or Apollo's
 * `extensions.persistedQuery.sha256Hash`, or sends a `query` whose hash is listed; anything else is
 * refused with PERSISTED_QUERY_NOT_ALLOWED before it is parsed. Off by default.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RequestHandler } from 'express';
import { parse, print, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { persistedQueryNotAllowed } from '../core/errors';
import { fragmentsOf } from '../core/graph/lookahead';
import { sendRefusal } from '../edge/refusals';

export type Manifest = Record<string, string>;

export function loadManifest(file: string): Manifest {
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (
    !manifest ||
    typeof manifest !== 'object' ||
    Array.isArray(manifest) ||
    Object.values(manifest).some((text) => typeof text !== 'string')
  ) {
    throw new Error(`${file} is not a persisted-documents manifest ({ "<sha256>": "<document>" })`);
  }
  return manifest as Manifest;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The names of a manifest's operations (metrics count these by name whatever else clients send). */
export function operationNamesOf(manifest: Manifest): string[] {
  return Object.values(manifest).flatMap((text) =>
    parse(text).definitions.flatMap((definition) =>
      definition.kind === 'OperationDefinition' && definition.name ? [definition.name.value] : [],
    ),
  );
}

/** The manifest of a set of operation files: each operation with the fragments it uses, printed, by the hash of that text. */
export function manifestOf(sources: string[]): Manifest {
  const definitions = sources.flatMap((source) => parse(source).definitions);
  const fragments = fragmentsOf(definitions);
  const manifest: Manifest = {};
  for (const operation of definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition',
  )) {
    const text = [operation, ...usedFragments(operation, fragments)].map((definition) => print(definition)).join('\n\n');
    manifest[sha256(text)] = text;
  }
  return Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
}

function usedFragments(
  root: DefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): FragmentDefinitionNode[] {
  const found: FragmentDefinitionNode[] = [];
  visit(root, {
    FragmentSpread(node) {
      const fragment = fragments[node.name.value];
      if (!fragment || seen.has(fragment.name.value)) return;
      seen.add(fragment.name.value);
      found.push(fragment, ...usedFragments(fragment, fragments, seen));
    },
  });
  return found;
}

/**
 * The listed document a request names: by `documentId`, by Apollo's `extensions.persistedQuery`
 * hash, or by sending a `query` whose hash is listed; undefined when it names none. Requests over
 * HTTP (the middleware below) and subscriptions over any transport ask the same.
 */
export function trustedDocumentFor(manifest: Manifest, params: Record<string, unknown>): string | undefined {
  const extensions = typeof params.extensions === 'string' ? safeJson(params.extensions) : params.extensions;
  const named =
    (typeof params.documentId === 'string' ? params.documentId.replace(/^sha256:/, '') : undefined) ??
    ((extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash as string | undefined);
  const hash = typeof named === 'string' ? named : typeof params.query === 'string' ? sha256(params.query) : undefined;
  return hash && Object.hasOwn(manifest, hash) ? manifest[hash] : undefined;
}

/** Replaces a request's document reference with the listed document, or refuses the request. */
export function trustedDocuments(manifest: Manifest): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'POST') return next();
    const params = (req.method === 'GET' ? req.query : req.body) as Record<string, unknown> | undefined;
    if (!params || typeof params !== 'object') return next();
    const document = trustedDocumentFor(manifest, params);
    if (!document) return sendRefusal(res, persistedQueryNotAllowed());
    const extensions = typeof params.extensions === 'string' ? safeJson(params.extensions) : params.extensions;
    const { persistedQuery: _ignored, ...otherExtensions } = (extensions && typeof extensions === 'object' ? extensions : {}) as Record<
      string,
      unknown
    >;
    if (req.method === 'POST') {
      params.query = document;
      params.extensions = otherExtensions;
      delete params.documentId;
    } else {
      // A GET's parameters are read from its URL (express 5's req.query is a fresh parse each time).
      const url = new URL(req.url, 'http://gateway');
      url.searchParams.set('query', document);
      url.searchParams.set('extensions', JSON.stringify(otherExtensions));
      url.searchParams.delete('documentId');
      req.url = url.pathname + url.search;
    }
    next();
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
