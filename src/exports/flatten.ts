/**
 * A GraphQL answer -> flat rows, driven by the operation's selection set, so an export's columns are
 * exactly what its document selects, in its order. A field is a column named by its path (aliases
 * included, `nodes` of a connection skipped): `employee.item.asset.holder.email`. A list makes one row
 * per element (an item per row, its employee's and campaign's columns repeated), so a row is the
 * innermost listed entity: an empty list makes no row for its parent (a campaign without employees
 * is not an employee), while a null object leaves its columns empty, like a left join. Pure;
 * table-tested.
 */
import { getNamedType, isObjectType, type FieldNode, type GraphQLObjectType, type GraphQLOutputType, type SelectionSetNode } from 'graphql';
import { selectedFields, type Fragments } from '../core/graph/lookahead';

export type Row = Record<string, unknown>;

export interface Column {
  name: string;
  /** The GraphQL type of its value (`String`, `Int`, `Date`, an enum...), when the columns were read with the schema. */
  graphqlType?: string;
}

/** The columns a selection set yields, in selection order; `type`: the selection's own type, to name each column's. */
export function columnsOf(set: SelectionSetNode, fragments: Fragments = {}, prefix = '', type?: GraphQLObjectType): Column[] {
  return fieldsOf(set, fragments, type).flatMap(({ field, type: fieldType }) => {
    const name = pathOf(prefix, field);
    const named = fieldType && getNamedType(fieldType);
    if (!field.selectionSet) return [{ name, graphqlType: named?.name }];
    return columnsOf(field.selectionSet, fragments, name, isObjectType(named) ? named : undefined);
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
  /** Every column under this set, for the empty row of a null object. */
  columns: string[];
}

const plans = new WeakMap<SelectionSetNode, Map<string, Plan>>();

function planOf(set: SelectionSetNode, fragments: Fragments, prefix: string): Plan {
  let byPrefix = plans.get(set);
  if (!byPrefix) plans.set(set, (byPrefix = new Map()));
  let plan = byPrefix.get(prefix);
  if (!plan) {
    const fields = fieldsOf(set, fragments).map(({ field }) => {
      const column = pathOf(prefix, field);
      const key = field.alias?.value ?? field.name.value;
      if (!field.selectionSet) return { key, column, viaNodes: false };
      const inner = unwrapNodes(field.selectionSet);
      return { key, column, child: planOf(inner.set, fragments, column), viaNodes: inner.viaNodes };
    });
    plan = { fields, columns: columnsOf(set, fragments, prefix).map((column) => column.name) };
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
    const childRows = rowsFrom(field.viaNodes ? ((child as { nodes?: unknown } | null)?.nodes ?? []) : child, field.child);
    // No child row (an empty list): no row for this parent. One (an object, a one-element list) joins each row in place; more multiply them.
    if (childRows.length === 0) return [];
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

/** The selected fields with their types (given the parent's), a connection's `nodes` replaced by its own fields. */
function fieldsOf(
  set: SelectionSetNode,
  fragments: Fragments,
  parent?: GraphQLObjectType,
): Array<{ field: FieldNode; type?: GraphQLOutputType }> {
  return selectedFields(set, fragments).flatMap((field) => {
    const type = parent?.getFields()[field.name.value]?.type;
    if (field.name.value !== 'nodes' || !field.selectionSet) return [{ field, type }];
    const named = type && getNamedType(type);
    return fieldsOf(field.selectionSet, fragments, isObjectType(named) ? named : undefined);
  });
}
