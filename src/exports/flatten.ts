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
  return rowsFrom(value, planOf(set, fragments, prefix));
}

/**
 * A selection set made ready for rows: each field's answer key and column name, and its children's
 * plan, worked out once per dataset instead of once per row (an export flattens thousands).
 */
interface Plan {
  fields: Array<{ key: string; column: string; child?: Plan; viaNodes: boolean }>;
  /** Every column under this set, for the empty row of a null object or an empty list. */
  columns: string[];
}

const plans = new WeakMap<SelectionSetNode, Map<string, Plan>>();

function planOf(set: SelectionSetNode, fragments: Fragments, prefix: string): Plan {
  let byPrefix = plans.get(set);
  if (!byPrefix) plans.set(set, (byPrefix = new Map()));
  let plan = byPrefix.get(prefix);
  if (!plan) {
    const fields = fieldsOf(set, fragments).map((field) => {
      const column = pathOf(prefix, field);
      if (!field.selectionSet) return { key: field.alias?.value ?? field.name.value, column, viaNodes: false };
      const inner = unwrapNodes(field.selectionSet);
      return { key: field.alias?.value ?? field.name.value, column, child: planOf(inner.set, fragments, column), viaNodes: inner.viaNodes };
    });
    plan = { fields, columns: columnsOf(set, fragments, prefix).map((entry) => entry.name) };
    byPrefix.set(prefix, plan);
  }
  return plan;
}

function rowsFrom(value: unknown, plan: Plan): Row[] {
  if (Array.isArray(value)) return value.flatMap((element) => rowsFrom(element, plan));
  if (value === null || value === undefined || typeof value !== 'object') return [emptyRow(plan.columns)];
  let rows: Row[] = [{}];
  for (const field of plan.fields) {
    const child = (value as Record<string, unknown>)[field.key];
    if (!field.child) {
      for (const row of rows) row[field.column] = child ?? null;
      continue;
    }
    const inner = field.viaNodes ? ((child as { nodes?: unknown } | null)?.nodes ?? []) : child;
    const childRows = Array.isArray(inner) && inner.length === 0 ? [emptyRow(field.child.columns)] : rowsFrom(inner, field.child);
    // One child row (an object, a one-element list) joins each row in place; more multiply the rows.
    if (childRows.length === 1) for (const row of rows) Object.assign(row, childRows[0]);
    else rows = rows.flatMap((row) => childRows.map((childRow) => ({ ...row, ...childRow })));
  }
  return rows;
}

/** A connection's `nodes` is not a column of its own: its fields sit under the connection's name. */
function unwrapNodes(set: SelectionSetNode): { viaNodes: boolean; set: SelectionSetNode } {
  const nodes = set.selections.find((selection): selection is FieldNode => selection.kind === 'Field' && selection.name.value === 'nodes');
  if (!nodes?.selectionSet || set.selections.length !== 1) return { viaNodes: false, set };
  return { viaNodes: true, set: nodes.selectionSet };
}

function pathOf(prefix: string, field: FieldNode): string {
  const own = field.alias?.value ?? field.name.value;
  return prefix ? `${prefix}.${own}` : own;
}

function emptyRow(columns: string[]): Row {
  const row: Row = {};
  for (const column of columns) row[column] = null;
  return row;
}

/** The selected fields, a connection's `nodes` replaced by its own fields (they sit under the connection's name). */
function fieldsOf(set: SelectionSetNode, fragments: Fragments): FieldNode[] {
  return selectedFields(set, fragments).flatMap((field) =>
    field.name.value === 'nodes' && field.selectionSet ? fieldsOf(field.selectionSet, fragments) : [field],
  );
}
