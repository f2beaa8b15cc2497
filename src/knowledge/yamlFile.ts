// Reads one YAML knowledge file and remembers where each value sits, so errors can name the line.
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { KnowledgeProblem } from './knowledgeError.js';

export type YamlPath = ReadonlyArray<string | number>;

export interface YamlFile {
  readonly file: string;
  readonly data: unknown;
  /** 1-based line of the value at `path`, or of its nearest ancestor that exists. */
  lineOf(path: YamlPath): number | null;
}

export type YamlParse = { ok: true; value: YamlFile } | { ok: false; problems: KnowledgeProblem[] };

export function parseYaml(file: string, text: string): YamlParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => ({
        file,
        line: lineCounter.linePos(error.pos[0]).line || null,
        entry: null,
        message: `this is not valid YAML: ${firstLine(error.message)}`,
      })),
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
