/**
 * What the exports publish about themselves: the catalog (`GET /export`: every dataset, its formats,
 * columns and types, key, relationships and filters) and one Frictionless Table Schema per dataset
 * (`GET /export/<dataset>.schema.json`), which pandas, Power Query and frictionless read to load the
 * columns with their types instead of guessing them.
 */
import type { Dataset } from './datasets';

export const FORMATS = ['csv', 'ndjson', 'json', 'parquet', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

/** The query parameters a dataset takes, with what they do. */
export function filtersOf(dataset: Dataset): Array<{ name: string; description: string }> {
  return [
    ...(dataset.oneCampaign ? [{ name: 'campaign', description: 'one campaign by its number (14 digits)' }] : []),
    {
      name: 'bom',
      description: 'CSV only: `1` starts the file with a UTF-8 byte order mark, so Excel reads accents right on double-click',
    },
  ];
}

export function tableSchemaOf(dataset: Dataset): object {
  return {
    name: dataset.name,
    description: dataset.description,
    fields: dataset.columns.map((column) => ({ name: column.name, type: column.type, graphqlType: column.graphqlType })),
    primaryKey: dataset.key,
    foreignKeys: dataset.relationships.map((relation) => ({
      fields: relation.columns,
      reference: { resource: relation.dataset, fields: relation.key },
    })),
    // An empty CSV cell is an absent value; in JSON it is null.
    missingValues: [''],
  };
}

export function catalogOf(datasets: Map<string, Dataset>, base: string): object {
  return {
    datasets: [...datasets.values()].map((dataset) => ({
      name: dataset.name,
      description: dataset.description,
      formats: Object.fromEntries(FORMATS.map((format) => [format, `${base}/${dataset.name}.${format}`])),
      schema: `${base}/${dataset.name}.schema.json`,
      key: dataset.key,
      columns: dataset.columns,
      relationships: dataset.relationships,
      filters: filtersOf(dataset),
    })),
  };
}
