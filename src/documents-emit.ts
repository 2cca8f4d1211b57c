/**
 * Writes schema/generated/persisted-documents.json, the trusted-documents manifest of the
 * repository's own operations (`npm run documents:emit`; a test keeps it fresh).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadManifest, manifestOf, type Manifest } from './security/trusted-documents';

export const OPERATIONS_DIR = path.resolve(__dirname, '../schema/operations');
export const MANIFEST_FILE = path.resolve(__dirname, '../schema/generated/persisted-documents.json');

export function shippedManifest(): Record<string, string> {
  const files = readdirSync(OPERATIONS_DIR, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.graphql'))
    .sort();
  return manifestOf(files.map((file) => readFileSync(path.join(OPERATIONS_DIR, file), 'utf8')));
}

/** The committed manifest of the shipped operations, when this installation has it (the container image does). */
export function committedManifest(): Manifest {
  return existsSync(MANIFEST_FILE) ? loadManifest(MANIFEST_FILE) : {};
}

if (require.main === module) {
  writeFileSync(MANIFEST_FILE, JSON.stringify(shippedManifest(), null, 2) + '\n');
  process.stdout.write(`wrote ${MANIFEST_FILE}\n`);
}
