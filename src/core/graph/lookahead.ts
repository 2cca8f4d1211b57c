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
