/**
 * Reads the arguments a child field will be called with, before it is resolved, so a parent can make
 * the one upstream request that serves both (the campaign and its first employees page are one
 * details request). Follows inline fragments and fragment spreads; an @skip/@include is ignored, so
 * the answer is a hint, never a correctness requirement.
 */
import { getNamedType, isObjectType, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { getArgumentValues } from 'graphql/execution/values';

/** The child's argument values when it is selected exactly once; undefined otherwise. */
export function childFieldArgs(info: GraphQLResolveInfo, childName: string): Record<string, unknown> | undefined {
  const parentType = getNamedType(info.returnType);
  if (!isObjectType(parentType)) return undefined;
  const definition = parentType.getFields()[childName];
  if (!definition) return undefined;
  const found: FieldNode[] = [];
  for (const node of info.fieldNodes) collect(node.selectionSet, childName, info, found, new Set());
  if (found.length !== 1) return undefined;
  return getArgumentValues(definition, found[0], info.variableValues);
}

/**
 * Whether the field being resolved asks for nothing but `fields` (and `__typename`) of its value,
 * through fragments too: then what a parent's upstream answer embedded is enough, and the relation
 * costs no lookup. The one place a relation decides between its embedded part and a lookup.
 */
export function selectsOnly(info: GraphQLResolveInfo, fields: ReadonlySet<string>): boolean {
  const seen = new Set<string>();
  const within = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).every((selection) => {
      if (selection.kind === 'Field') return selection.name.value === '__typename' || fields.has(selection.name.value);
      if (selection.kind === 'InlineFragment') return within(selection.selectionSet);
      if (seen.has(selection.name.value)) return true;
      seen.add(selection.name.value);
      return within(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.every((node) => within(node.selectionSet));
}

function collect(set: SelectionSetNode | undefined, name: string, info: GraphQLResolveInfo, found: FieldNode[], seen: Set<string>): void {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === 'Field' && selection.name.value === name) found.push(selection);
    else if (selection.kind === 'InlineFragment') collect(selection.selectionSet, name, info, found, seen);
    else if (selection.kind === 'FragmentSpread' && !seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      collect(info.fragments[selection.name.value]?.selectionSet, name, info, found, seen);
    }
  }
}
