/**
 * The export datasets: one GraphQL document per dataset under schema/operations/exports (the file's
 * name is the dataset's, its leading comment the description), so an export is the graph, not a
 * second code path. Each document pages a connection with `$after`; its `nodes` selection defines the
 * columns, typed by the schema. A list inside each node that is a connection of its own (a campaign's
 * employees) is read to its end: its next pages by a document made from the same selection. A
 * dataset whose nodes are campaigns can also be asked for one campaign (`?campaign=`): the same
 * selection under `campaign(campaignNumber:)`. Keys and relationships are declared in catalog.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  getNamedType,
  isObjectType,
  Kind,
  parse,
  print,
  visit,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { fragmentsOf, type Fragments } from '../core/graph/lookahead';
import { DECLARATIONS, type Relationship } from './catalog';
import { columnsOf } from './flatten';

/** Table Schema's types (Frictionless); a GraphQL `ID` or `String` is text, so ZIP codes, phones and IMEIs keep their zeros. */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime';

export interface DatasetColumn {
  name: string;
  type: ColumnType;
  /** The GraphQL type it comes from. */
  graphqlType: string;
}

export interface Dataset {
  name: string;
  description: string;
  /** The paged document, and the connection field it pages. */
  query: string;
  connection: string;
  nodes: SelectionSetNode;
  fragments: Fragments;
  columns: DatasetColumn[];
  key: string[];
  relationships: Relationship[];
  /** For campaign datasets: the document of one campaign (`$campaign`). */
  oneCampaign?: string;
  /** A connection inside each node (its answer key), and the document that reads its next page (`$campaign`, `$after`). */
  inner?: { key: string; more: string };
}

const COLUMN_TYPES: Record<string, ColumnType> = {
  ID: 'string',
  String: 'string',
  Int: 'integer',
  Float: 'number',
  Boolean: 'boolean',
  Date: 'date',
  DateTime: 'datetime',
};

/** `schema/operations/exports` of the project: up from the compiled code (dist/ in the image, dist-bench/src/ for the benchmark). */
export const EXPORTS_DIR = findUp(path.join('schema', 'operations', 'exports'), __dirname);

function findUp(relative: string, from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, relative))) return path.join(dir, relative);
  }
  return path.resolve(from, '../..', relative);
}

/** Every dataset of `dir`; a dataset without a declaration, a typed column or its key's columns is a mistake found at start-up. */
export function loadDatasets(schema: GraphQLSchema, dir = EXPORTS_DIR): Map<string, Dataset> {
  const datasets = new Map<string, Dataset>();
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.graphql'))
    .sort()) {
    const name = file.replace(/\.graphql$/, '');
    const text = readFileSync(path.join(dir, file), 'utf8');
    datasets.set(name, datasetOf(name, text, schema));
  }
  return datasets;
}

function datasetOf(name: string, text: string, schema: GraphQLSchema): Dataset {
  const document = parse(text);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition',
  )!;
  const fragments = fragmentsOf(document.definitions);
  const root = operation.selectionSet.selections[0] as FieldNode;
  const nodes = root.selectionSet!.selections.find(
    (selection): selection is FieldNode => selection.kind === 'Field' && selection.name.value === 'nodes',
  )!;
  const declaration = DECLARATIONS[name];
  if (!declaration) throw new Error(`export dataset ${name} has no declaration in src/exports/catalog.ts`);
  const connectionType = getNamedType(schema.getQueryType()!.getFields()[root.name.value]?.type);
  const nodeType = isObjectType(connectionType) ? getNamedType(connectionType.getFields().nodes?.type) : undefined;
  const columns = columnsOf(nodes.selectionSet!, fragments, '', isObjectType(nodeType) ? nodeType : undefined).map((column) => {
    const type = column.graphqlType && COLUMN_TYPES[column.graphqlType];
    if (!type) throw new Error(`export dataset ${name}: column ${column.name} has no known type (${column.graphqlType})`);
    return { name: column.name, type, graphqlType: column.graphqlType! };
  });
  for (const column of declaration.key) {
    if (!columns.some((entry) => entry.name === column)) throw new Error(`export dataset ${name}: key column ${column} is not selected`);
  }
  const inner = nodes.selectionSet!.selections.find(
    (selection): selection is FieldNode =>
      selection.kind === 'Field' &&
      !!selection.selectionSet?.selections.some((child) => child.kind === 'Field' && child.name.value === 'nodes'),
  );
  const campaigns = root.name.value === 'campaignsConnection';
  const oneCampaign = (set: SelectionSetNode, variables = '$campaign: ID!') =>
    `query ExportOneCampaign(${variables}) { campaign(campaignNumber: $campaign) ${print(set)} }`;
  return {
    name,
    description: descriptionOf(text),
    query: inner ? print(visit(document, { Field: (field) => (field === inner ? pagedInner(inner, false) : undefined) })) : text,
    connection: root.alias?.value ?? root.name.value,
    nodes: nodes.selectionSet!,
    fragments,
    columns,
    key: declaration.key,
    relationships: declaration.relationships,
    oneCampaign: campaigns && name !== 'campaigns' ? oneCampaign(withInner(nodes.selectionSet!, inner, false)) : undefined,
    inner:
      inner && campaigns
        ? {
            key: inner.alias?.value ?? inner.name.value,
            more: oneCampaign(withInner(nodes.selectionSet!, inner, true), '$campaign: ID!, $after: String'),
          }
        : undefined,
  };
}

/** The file's leading comment, without its `Export "name":` label. */
function descriptionOf(text: string): string {
  const comment = text.match(/^(#.*\n)+/)?.[0] ?? '';
  return comment
    .split('\n')
    .map((line) => line.replace(/^#\s?/, ''))
    .join(' ')
    .replace(/^Export "[^"]+":\s*/, '')
    .trim();
}

/** The node selection with its inner connection asking for its page info (and, `after`, starting at `$after`). */
function withInner(set: SelectionSetNode, inner: FieldNode | undefined, after: boolean): SelectionSetNode {
  if (!inner) return set;
  return { ...set, selections: set.selections.map((selection) => (selection === inner ? pagedInner(inner, after) : selection)) };
}

function pagedInner(inner: FieldNode, after: boolean): FieldNode {
  const pageInfo: FieldNode = {
    kind: Kind.FIELD,
    name: { kind: Kind.NAME, value: 'pageInfo' },
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: ['hasNextPage', 'endCursor'].map((value) => ({ kind: Kind.FIELD, name: { kind: Kind.NAME, value } })),
    },
  };
  return {
    ...inner,
    arguments: [
      ...(inner.arguments ?? []).filter((argument) => argument.name.value !== 'after'),
      ...(after
        ? [
            {
              kind: Kind.ARGUMENT,
              name: { kind: Kind.NAME, value: 'after' },
              value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: 'after' } },
            } as const,
          ]
        : []),
    ],
    selectionSet: { ...inner.selectionSet!, selections: [...inner.selectionSet!.selections, pageInfo] },
  };
}
