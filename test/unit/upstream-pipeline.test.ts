/** The listed path of an upstream call (core/upstream/pipeline.ts) is the code's: each stage is where it says, in the order it says. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { READ_PATH, WRITE_PATH, type Stage } from '../../src/core/upstream/pipeline';

const CORE = path.resolve(__dirname, '../../src/core');

function positions(stages: readonly Stage[]): Array<{ stage: string; file: string; at: number }> {
  return stages.map(({ stage, file, code }) => ({ stage, file, at: readFileSync(path.join(CORE, file), 'utf8').indexOf(code) }));
}

it.each([
  ['read', READ_PATH],
  ['write', WRITE_PATH.filter((stage) => stage.stage !== 'stale reads forgotten')],
])('every stage of a %s is in the code, and the stages of one file run in the listed order', (_kind, stages) => {
  const found = positions(stages);
  for (const entry of found) expect({ ...entry, found: entry.at >= 0 }).toMatchObject({ found: true });
  // The session nests its stages in one expression, outermost first; the traffic policy likewise.
  for (const file of ['upstream/traffic.ts']) {
    const inFile = found.filter((entry) => entry.file === file && !['sent once', 'retry policy'].includes(entry.stage));
    expect(inFile.map((entry) => entry.at)).toEqual([...inFile.map((entry) => entry.at)].sort((a, b) => a - b));
  }
});
