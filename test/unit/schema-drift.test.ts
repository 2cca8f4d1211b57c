import { MANIFEST_FILE, shippedManifest } from '../../src/documents-emit';
import { readFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { buildGatewaySchema, SCHEMA_FILE } from '../../src/schema';

describe('schema/schema.graphql', () => {
  it('is exactly what the code emits (run `npm run schema:emit` after changing types)', async () => {
    const emitted = printSchema(await buildGatewaySchema()) + '\n';
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(emitted);
  });

  it('describes every type and field, for people exploring in Sandbox', async () => {
    const schema = await buildGatewaySchema();
    const undescribed: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) undescribed.push(type.name);
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) if (!field.description) undescribed.push(`${type.name}.${field.name}`);
      }
    }
    expect(undescribed).toEqual([]);
  });
});

describe('schema/generated/persisted-documents.json', () => {
  it('is the manifest of the shipped operations (npm run documents:emit)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const committed = JSON.parse(require('node:fs').readFileSync(MANIFEST_FILE, 'utf8'));
    expect(committed).toEqual(shippedManifest());
  });
});
