/**
 * Holds the import layering of src/ (STYLE.md): each folder sits in a layer, imports only from its own layer
 * or lower ones, folders import each other in no cycle, commands never import discord.js, and the front ends
 * reach the engine only through the command handlers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/runProcess.js';

const SRC = path.join(ROOT, 'src');

/** Top layer first. A folder (or a file directly in src/) may import from its own layer and the ones below. */
const LAYERS: ReadonlyArray<readonly string[]> = [
  ['main.ts', 'startSharded.ts', 'cli'], // entry points: start the bot (sharded or not), the console, the command-line tools
  ['discord', 'console'], // front ends: turn events into commands, render Replies
  ['commands'], // one handler per command: options and state in, a Reply out
  ['evaluation', 'training', 'bench'], // the dev-set evaluation, model training, synthetic knowledge
  ['authoring'], // moderators' tools over a snapshot: check a folder, draft Q&A, what a phrasing reaches
  ['record'], // the question record (SQLite or PostgreSQL)
  ['postgres'], // PostgreSQL connections: errors, the LISTEN/NOTIFY channel between hosts
  ['store'], // the current knowledge and its index, built (in a worker, cached) and swapped whole on reload
  ['engine'], // normalise, index, rank, decide
  ['knowledge'], // read and validate the knowledge folder
  ['language'], // text normalisation, sentences, stems, the word lists, frequencies, relations and vectors
  ['config.ts', 'logger.ts', 'projectFiles.ts'], // what everything may use
];
const FRONT_ENDS = ['discord', 'console'];

interface Import {
  /** From the repository root, e.g. src/engine/text.ts. */
  file: string;
  /** The folder of src/ it lives in, or its name when directly in src/. */
  from: string;
  /** The same for the imported module; null for a package. */
  to: string | null;
  specifier: string;
}

const STATIC_IMPORT = /^\s*(?:import|export)\b[^;]*?\bfrom\s+['"]([^'"]+)['"]/gms;
const SIDE_EFFECT_IMPORT = /^\s*import\s+['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `src/engine/text.ts` → `engine`; `src/main.ts` → `main.ts`. */
function unitOf(absolute: string): string {
  const [first = ''] = path.relative(SRC, absolute).split(path.sep);
  return first.replace(/\.js$/, '.ts');
}

function importsOf(absolute: string): Import[] {
  const text = readFileSync(absolute, 'utf8');
  const specifiers = [STATIC_IMPORT, SIDE_EFFECT_IMPORT, DYNAMIC_IMPORT].flatMap((pattern) =>
    [...text.matchAll(pattern)].map((match) => match[1] ?? ''),
  );
  const file = path.relative(ROOT, absolute);
  return specifiers.map((specifier) => ({
    file,
    from: unitOf(absolute),
    to: specifier.startsWith('.') ? unitOf(path.resolve(path.dirname(absolute), specifier)) : null,
    specifier,
  }));
}

const imports = sourceFiles(SRC).flatMap(importsOf);
const between = imports.filter((i): i is Import & { to: string } => i.to !== null && i.to !== i.from);
const layerOf = (unit: string) => LAYERS.findIndex((layer) => layer.includes(unit));
const edge = (i: Import & { to: string }) => `${i.file} -> ${path.join('src', i.to)}`;

function violations(): string[] {
  const found = new Set<string>();
  for (const i of between) {
    if (layerOf(i.from) > layerOf(i.to)) found.add(edge(i));
    if (FRONT_ENDS.includes(i.from) && i.to === 'engine') found.add(edge(i));
  }
  return [...found].sort();
}

/** Folder-level cycles (strongly connected components of more than one folder), each as its folders sorted. */
function cycles(edges: ReadonlyArray<readonly [string, string]>): string[][] {
  const next = new Map<string, Set<string>>();
  for (const [from, to] of edges) next.set(from, (next.get(from) ?? new Set()).add(to));
  const reaches = (start: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [start];
    for (let unit = stack.pop(); unit !== undefined; unit = stack.pop()) {
      for (const to of next.get(unit) ?? []) {
        if (seen.has(to)) continue;
        seen.add(to);
        stack.push(to);
      }
    }
    return seen;
  };
  const units = [...next.keys()];
  const components = units.map((unit) => units.filter((other) => other === unit || (reaches(unit).has(other) && reaches(other).has(unit))));
  const distinct = new Set(components.filter((component) => component.length > 1).map((component) => component.sort().join(' ')));
  return [...distinct].map((component) => component.split(' '));
}

describe('the import layering of src/', () => {
  it('places every folder of src/ in a layer', () => {
    const units = [...new Set(sourceFiles(SRC).map(unitOf))];
    expect(units.filter((unit) => layerOf(unit) === -1)).toEqual([]);
  });

  it('finds the imports it checks (the parser still sees the code)', () => {
    expect(between.some((i) => i.from === 'commands' && i.to === 'engine')).toBe(true);
    expect(imports.some((i) => i.from === 'main.ts' && i.to === 'discord')).toBe(true); // a dynamic import
  });

  it('imports nothing from a higher layer, and the front ends reach the engine only through commands', () => {
    expect(violations(), 'imports against the layering: pass what is needed in, or move the code down').toEqual([]);
  });

  it('finds a cycle through several folders (the check itself)', () => {
    const edges = [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['c', 'd'],
      ['d', 'e'],
    ] as const;
    expect(cycles(edges)).toEqual([['a', 'b', 'c']]);
  });

  it('has no cycle between folders', () => {
    const edges = between.map((i) => [i.from, i.to] as const);
    expect(cycles(edges)).toEqual([]);
  });

  it('keeps engine and knowledge free of the front ends and commands, and commands free of discord.js', () => {
    const above = ['discord', 'console', 'commands', 'cli', 'main.ts'];
    const lowLayers = imports.filter((i) => ['engine', 'knowledge'].includes(i.from) && i.to !== null && above.includes(i.to));
    expect(lowLayers.map((i) => `${i.file}: ${i.specifier}`)).toEqual([]);
    const discordInCommands = imports.filter(
      (i) => i.from === 'commands' && i.to === null && /^discord\.js(\/|$)|^@discordjs\//.test(i.specifier),
    );
    expect(discordInCommands.map((i) => `${i.file}: ${i.specifier}`)).toEqual([]);
  });
});
