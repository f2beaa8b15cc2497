// Reads one YAML knowledge file and remembers where each value sits, so errors can name the line.
import path from 'node:path';
import { LineCounter, parseDocument, isNode, visit, type Document } from 'yaml';
import type { KnowledgeProblem } from './knowledgeError.js';
import { yamlFixHint } from './yamlErrorHints.js';

export type YamlPath = ReadonlyArray<string | number>;

export interface YamlFile {
  readonly file: string;
  readonly data: unknown;
  /** 1-based line of the value at `path`, or of its nearest ancestor that exists. */
  readonly lineOf: (path: YamlPath) => number | null;
}

export type YamlParse = { ok: true; value: YamlFile } | { ok: false; problems: KnowledgeProblem[] };

/**
 * The data of files parsed before, by name and exact text, kept by whoever loads the same folder again and again
 * (the reload worker): a reload re-parses only the files that changed. The lines looked up in a file (every
 * entry's, to report it) are kept with it; any other line lookup, needed only when there is a problem to report,
 * parses again on demand. Bounded two ways, so a reload never leaves memory behind: files that have left their
 * folder or were refused are forgotten after each load (forgetFilesExcept), and the texts kept never add up to
 * more than PARSED_CHARACTERS.
 */
export class ParsedYamlMemory {
  /** Twice what one load of the folder may read (KNOWLEDGE_READ_LIMITS.totalBytes): room for two folders. */
  private static readonly PARSED_CHARACTERS = 64 * 1024 * 1024;
  private readonly files = new Map<string, ParsedBefore>();
  private heldCharacters = 0;

  /** Parses `text`, or takes the data of the same file parsed before with the same text. */
  parse(file: string, text: string): YamlParse {
    const before = this.files.get(file);
    if (before?.text === text) {
      let lineOf: YamlFile['lineOf'] | null = null;
      const find = () => (lineOf ??= (parseYaml(file, text) as { value: YamlFile }).value.lineOf);
      return { ok: true, value: { file, data: before.data, lineOf: rememberingLines(before.lines, find) } };
    }
    const parsed = parseYaml(file, text);
    if (!parsed.ok) return parsed;
    const lines = new Map<string, number | null>();
    this.remember(file, { text, data: parsed.value.data, lines });
    const { lineOf } = parsed.value;
    return { ok: true, value: { ...parsed.value, lineOf: rememberingLines(lines, () => lineOf) } };
  }

  /** Forgets the files of folder `dir` that are not in `files` (they were removed, renamed or refused). */
  forgetFilesExcept(dir: string, files: ReadonlySet<string>): void {
    const inside = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const file of [...this.files.keys()]) if (file.startsWith(inside) && !files.has(file)) this.forget(file);
  }

  /** How many characters of YAML text are remembered (for tests and measurements). */
  get characters(): number {
    return this.heldCharacters;
  }

  private remember(file: string, parsed: ParsedBefore): void {
    this.forget(file);
    if (this.heldCharacters + parsed.text.length > ParsedYamlMemory.PARSED_CHARACTERS) {
      this.files.clear();
      this.heldCharacters = 0;
    }
    this.files.set(file, parsed);
    this.heldCharacters += parsed.text.length;
  }

  private forget(file: string): void {
    const before = this.files.get(file);
    if (!before) return;
    this.files.delete(file);
    this.heldCharacters -= before.text.length;
  }
}

interface ParsedBefore {
  readonly text: string;
  readonly data: unknown;
  readonly lines: Map<string, number | null>;
}

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

/** The bot's cap on alias uses in one file: far above what a hand-written file needs, far below a "billion laughs". */
const MAX_ALIAS_COUNT = 100;

/** Parses one file, remembering nothing. */
export function parseYaml(file: string, text: string): YamlParse {
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
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml library throws (a ReferenceError) when aliases expand too much: an "alias bomb".
    const tooManyAliases = error instanceof Error && /alias/i.test(error.message);
    const message = tooManyAliases
      ? `the YAML aliases (*name) in this file expand to too much data (more than ${MAX_ALIAS_COUNT} uses); write the values out instead of using anchors and aliases`
      : `this YAML can't be read: ${firstLine(error instanceof Error ? error.message : String(error))}`;
    return { ok: false, problems: [{ file, line: tooManyAliases ? firstAliasLine(doc, lineCounter) : null, entry: null, message }] };
  }
  return { ok: true, value: { file, data, lineOf: (path) => lineOfPath(doc, lineCounter, path) } };
}

/** The line of the first alias (*name) in the document, where to start looking. */
function firstAliasLine(doc: Document, lineCounter: LineCounter): number | null {
  let line: number | null = null;
  visit(doc, {
    Alias(_key, node) {
      if (node.range) line = lineCounter.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
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
