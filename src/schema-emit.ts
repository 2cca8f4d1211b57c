/** Writes schema/schema.graphql from the code (`npm run schema:emit`); a test keeps the two equal. */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { buildGatewaySchema, SCHEMA_FILE } from './schema';

async function emit(): Promise<void> {
  const schema = await buildGatewaySchema();
  writeFileSync(SCHEMA_FILE, printSchema(schema) + '\n');
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}

void emit();
