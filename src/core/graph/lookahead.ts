/**
 * Reading a selection before it is resolved: the fields it asks for, the arguments a child field will
 * be called with (so a parent can make the one upstream request that serves both: the campaign and
 * its first employees page are one details request), and whether it asks only for what an upstream
 * answer embedded. Follows inline fragments and fragment spreads; an @skip/@include is ignored, so
 * the answers are hints and upper bounds, never a correctness requirement.
 */
import {
  getNamedType,
  isObjectType,
  type DefinitionNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values';

/** Fragments by name: a request's (`info.fragments`) or a document's. */
export type Fragments = Readonly<Record<string, FragmentDefinitionNode | undefined>>;

/** The fragments among a document's definitions (or several documents'), by name. */
export function fragmentsOf(definitions: readonly DefinitionNode[]): Record<string, FragmentDefinitionNode> {
  return Object.fromEntries(
    definitions.flatMap((definition) => (definition.kind === 'FragmentDefinition' ? [[definition.name.value, definition]] : [])),
  );
}

/** The fields a selection set asks for, through inline fragments and spreads (each fragment once). */
export function selectedFields(set: SelectionSetNode | undefined, fragments: Fragments, seen = new Set<string>()): FieldNode[] {
  return (set?.selections ?? []).flatMap((selection) => {
    if (selection.kind === 'Field') return [selection];
    if (selection.kind === 'InlineFragment') return selectedFields(selection.selectionSet, fragments, seen);
    if (seen.has(selection.name.value)) return [];
    seen.add(selection.name.value);
    return selectedFields(fragments[selection.name.value]?.selectionSet, fragments, seen);
  });
}

/** The child's argument values when it is selected exactly once; undefined otherwise. */
export function childFieldArgs(info: GraphQLResolveInfo, childName: string): Record<string, unknown> | undefined {
  const parentType = getNamedType(info.returnType);
  if (!isObjectType(parentType)) return undefined;
  const definition = parentType.getFields()[childName];
  if (!definition) return undefined;
  const found = info.fieldNodes.flatMap((node) =>
    selectedFields(node.selectionSet, info.fragments).filter((field) => field.name.value === childName),
  );
  if (found.length !== 1) return undefined;
  return getArgumentValues(definition, found[0], info.variableValues);
}

/** Whether a selection asks for nothing but `fields` (and `__typename`); no selection asks for nothing. */
export function selectsOnlyFields(set: SelectionSetNode | undefined, fields: ReadonlySet<string>, fragments: Fragments): boolean {
  return selectedFields(set, fragments).every((field) => field.name.value === '__typename' || fields.has(field.name.value));
}

/**
 * Whether the field being resolved asks for nothing but `fields` (and `__typename`) of its value,
 * through fragments too: then what a parent's upstream answer embedded is enough, and the relation
 * costs no lookup. The one place a relation decides between its embedded part and a lookup (the
 * cost estimate asks `selectsOnlyFields` the same of the document).
 */
export function selectsOnly(info: GraphQLResolveInfo, fields: ReadonlySet<string>): boolean {
  return info.fieldNodes.every((node) => selectsOnlyFields(node.selectionSet, fields, info.fragments));
}
