/**
 * How far V8 lets the old generation grow past what the last full collection kept alive.
 *
 * Why: under load V8 sizes the heap for speed, not memory. Measured with 64 recovery reports at once
 * (bench/README.md): 32 MB live after the load, yet 280-330 MB peak RSS, because its growth factor
 * (up to 4x) and a large first limit let garbage pile up between full collections. A growth of 50%
 * keeps the peak at 180-190 MB at no CPU cost measurable above noise, and unlike `--max-old-space-size` it is not a
 * ceiling: a process that really needs more memory gets it instead of crashing.
 * 0 leaves V8's own heuristics.
 */
import v8 from 'node:v8';

export const DEFAULT_HEAP_GROWTH_PERCENT = 50;

export function limitHeapGrowth(percent: number): void {
  // A V8 flag read at each collection, so it takes effect when set at start-up (measured: same peak as on the command line).
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
