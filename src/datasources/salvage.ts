// Reads a body that should match a schema but comes over the network: what does not fit is cut away
// at the smallest place that holds it (a list entry, an optional field) instead of refusing it all.
import type { z } from 'zod';

type Path = readonly PropertyKey[];
type Container = Record<PropertyKey, unknown> | unknown[];

function childOf(value: unknown, key: PropertyKey): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<PropertyKey, unknown>)[key]
    : undefined;
}

function valueAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>(childOf, root);
}

/**
 * Where to cut for one problem: the offending value itself when it is there, otherwise (a required
 * field is missing) the object that lacks it. Undefined when only the whole body could go.
 */
function cutFor(root: unknown, issue: z.core.$ZodIssue): Path | undefined {
  if (issue.code === 'unrecognized_keys') return [...issue.path, issue.keys[0]];
  let path: Path = issue.path;
  while (path.length > 0 && valueAt(root, path) === undefined) path = path.slice(0, -1);
  return path.length > 0 ? path : undefined;
}

function remove(root: unknown, path: Path): void {
  const parent = valueAt(root, path.slice(0, -1)) as Container;
  const key = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
}

/**
 * Parses `input` with `schema`, removing one misfit at a time until the rest fits. Each round
 * removes a part of the (finite) copy, so it ends; undefined when nothing short of the whole body fits.
 */
export function parseSalvaging<T extends z.ZodType>(schema: T, input: unknown): z.output<T> | undefined {
  const copy: unknown = structuredClone(input);
  for (;;) {
    const result = schema.safeParse(copy);
    if (result.success) return result.data;
    const cut = cutFor(copy, result.error.issues[0]);
    if (cut === undefined) return undefined;
    remove(copy, cut);
  }
}
