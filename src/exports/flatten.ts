/**
 * A GraphQL answer -> flat rows, driven by the operation's selection set, so an export's columns are
 * exactly what its document selects, in its order. A field is a column named by its path (aliases
 * included, `nodes` of a connection skipped): `employee.item.asset.holder.email`. A list makes one row
 * per element (an item per row, its employee's and campaign's columns repeated); an empty list or a
 * null object leaves its columns empty, like a left join. Pure; table-tested.
 */
import type { FieldNode, SelectionSetNode } from 'graphql';
import { selectedFields, type Fragments } from '../core/graph/lookahead';

export type Row = Record<string, unknown>;

interface Column {
  name: string;
}

/** The columns a selection set yields, in selection order. */
export function columnsOf(set: SelectionSetNode, fragments: Fragments = {}, prefix = ''): Column[] {
  return fieldsOf(set, fragments).flatMap((field) => {
    const name = pathOf(prefix, field);
    return field.selectionSet ? columnsOf(field.selectionSet, fragments, name) : [{ name }];
  });
}

/** The rows of one value (an object, typically a connection's node) under its selection set. */
export function rowsOf(value: unknown, set: SelectionSetNode, fragments: Fragments = {}, prefix = ''): Row[] {
  if (Array.isArray(value)) return value.flatMap((element) => rowsOf(element, set, fragments, prefix));
  if (value === null || value === undefined || typeof value !== 'object') return [emptyRow(columnsOf(set, fragments, prefix))];
  let rows: Row[] = [{}];
  for (const field of fieldsOf(set, fragments)) {
    const name = pathOf(prefix, field);
    const child = (value as Record<string, unknown>)[field.alias?.value ?? field.name.value];
    if (!field.selectionSet) {
      for (const row of rows) row[name] = child ?? null;
      continue;
    }
    const inner = unwrapNodes(child, field.selectionSet);
    const childRows =
      Array.isArray(inner.value) && inner.value.length === 0
        ? [emptyRow(columnsOf(inner.set, fragments, name))]
        : rowsOf(inner.value, inner.set, fragments, name);
    rows = rows.flatMap((row) => childRows.map((childRow) => ({ ...row, ...childRow })));
  }
  return rows;
}

/** A connection's `nodes` is not a column of its own: its fields sit under the connection's name. */
function unwrapNodes(value: unknown, set: SelectionSetNode): { value: unknown; set: SelectionSetNode } {
  const nodes = set.selections.find((selection): selection is FieldNode => selection.kind === 'Field' && selection.name.value === 'nodes');
  if (!nodes?.selectionSet || set.selections.length !== 1) return { value, set };
  return { value: (value as { nodes?: unknown } | null)?.nodes ?? [], set: nodes.selectionSet };
}

function pathOf(prefix: string, field: FieldNode): string {
  const own = field.alias?.value ?? field.name.value;
  return prefix ? `${prefix}.${own}` : own;
}

function emptyRow(columns: Column[]): Row {
  return Object.fromEntries(columns.map((column) => [column.name, null]));
}

/** The selected fields, a connection's `nodes` replaced by its own fields (they sit under the connection's name). */
function fieldsOf(set: SelectionSetNode, fragments: Fragments): FieldNode[] {
  return selectedFields(set, fragments).flatMap((field) =>
    field.name.value === 'nodes' && field.selectionSet ? fieldsOf(field.selectionSet, fragments) : [field],
  );
}
