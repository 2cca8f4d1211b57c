/**
 * The export datasets: one GraphQL document per dataset under schema/operations/exports (the file's
 * name is the dataset's), so an export is the graph, not a second code path. Each document pages a
 * connection with `$after`; its `nodes` selection defines the columns. A dataset whose nodes are
 * campaigns can also be asked for one campaign (`?campaign=`): the same selection under
 * `campaign(campaignNumber:)`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, print, type FieldNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { fragmentsOf, type Fragments } from '../core/graph/lookahead';
import { columnsOf } from './flatten';

export interface Dataset {
  name: string;
  /** The paged document, and the connection field it pages. */
  query: string;
  connection: string;
  nodes: SelectionSetNode;
  fragments: Fragments;
  columns: string[];
  /** For campaign datasets: the document of one campaign (`$campaign`). */
  oneCampaign?: string;
}

/** `schema/operations/exports` of the project: up from the compiled code (dist/ in the image, dist-bench/src/ for the benchmark). */
export const EXPORTS_DIR = findUp(path.join('schema', 'operations', 'exports'), __dirname);

function findUp(relative: string, from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, relative))) return path.join(dir, relative);
  }
  return path.resolve(from, '../..', relative);
}

export function loadDatasets(dir = EXPORTS_DIR): Map<string, Dataset> {
  const datasets = new Map<string, Dataset>();
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.graphql'))
    .sort()) {
    const query = readFileSync(path.join(dir, file), 'utf8');
    const document = parse(query);
    const operation = document.definitions.find(
      (definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition',
    )!;
    const fragments = fragmentsOf(document.definitions);
    const root = operation.selectionSet.selections[0] as FieldNode;
    const nodes = root.selectionSet!.selections.find(
      (selection): selection is FieldNode => selection.kind === 'Field' && selection.name.value === 'nodes',
    )!;
    const name = file.replace(/\.graphql$/, '');
    datasets.set(name, {
      name,
      query,
      connection: root.alias?.value ?? root.name.value,
      nodes: nodes.selectionSet!,
      fragments,
      columns: columnsOf(nodes.selectionSet!, fragments).map((column) => column.name),
      oneCampaign:
        root.name.value === 'campaignsConnection' && name !== 'campaigns'
          ? `query ExportOneCampaign($campaign: ID!) { campaign(campaignNumber: $campaign) ${print(nodes.selectionSet!)} }`
          : undefined,
    });
  }
  return datasets;
}
