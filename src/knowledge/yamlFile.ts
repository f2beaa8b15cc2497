// Reads one YAML knowledge file and remembers where each value sits, so errors can name the line.
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { KnowledgeProblem } from './knowledgeError.js';
import { yamlFixHint } from './yamlErrorHints.js';

export type YamlPath = ReadonlyArray<string | number>;

export interface YamlFile {
  readonly file: string;
  readonly data: unknown;
  /** 1-based line of the value at `path`, or of its nearest ancestor that exists. */
  lineOf(path: YamlPath): number | null;
}

export type YamlParse = { ok: true; value: YamlFile } | { ok: false; problems: KnowledgeProblem[] };

// The data of files parsed before, by name and exact text: a reload re-parses only the files that changed.
// The lines looked up in a file (every entry's, to report it) are kept with it; any other line lookup,
// needed only when there is a problem to report, parses again on demand.
interface ParsedBefore {
  readonly text: string;
  readonly data: unknown;
  readonly lines: Map<string, number | null>;
}
const parsedBefore = new Map<string, ParsedBefore>();
const PARSED_LIMIT = 1_000;

/** Remembers each line found, so the next parse of the same text needs no document to find it again. */
function rememberingLines(lines: Map<string, number | null>, find: () => YamlFile['lineOf']): YamlFile['lineOf'] {
  return (path) => {
    const key = JSON.stringify(path);
    const known = lines.get(key);
    if (known !== undefined) return known;
    const line = find()(path);
    lines.set(key, line);
    return line;
  };
}

export function parseYaml(file: string, text: string): YamlParse {
  const before = parsedBefore.get(file);
  if (before && before.text === text) {
    let lineOf: YamlFile['lineOf'] | null = null;
    const find = () => (lineOf ??= (parseFresh(file, text) as { value: YamlFile }).value.lineOf);
    return { ok: true, value: { file, data: before.data, lineOf: rememberingLines(before.lines, find) } };
  }
  const parsed = parseFresh(file, text);
  if (!parsed.ok) return parsed;
  if (parsedBefore.size >= PARSED_LIMIT) parsedBefore.clear();
  const lines = new Map<string, number | null>();
  parsedBefore.set(file, { text, data: parsed.value.data, lines });
  const { lineOf } = parsed.value;
  return { ok: true, value: { ...parsed.value, lineOf: rememberingLines(lines, () => lineOf) } };
}

function parseFresh(file: string, text: string): YamlParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const lines = text.split(/\r?\n/);
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const line = lineCounter.linePos(error.pos[0]).line || null;
        const hint = yamlFixHint(error.code, error.message, line !== null ? (lines[line - 1] ?? '') : '');
        return { file, line, entry: null, message: `this is not valid YAML (${firstLine(error.message)}): ${hint}` };
      }),
    };
  }
  return {
    ok: true,
    value: { file, data: doc.toJS({ maxAliasCount: 100 }) as unknown, lineOf: (path) => lineOfPath(doc, lineCounter, path) },
  };
}

function lineOfPath(doc: Document, lineCounter: LineCounter, path: YamlPath): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return null;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
