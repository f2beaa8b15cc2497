// The one validator of the knowledge folder: used at start-up, on reload, by `npm run knowledge:check` and in tests.
import path from 'node:path';
import type { z } from 'zod';
import { editDistance } from '../language/editDistance.js';
import { questionKey, words } from '../language/text.js';
import { locateQuote, splitArticle } from './article.js';
import { KnowledgeError, type KnowledgeProblem } from './knowledgeError.js';
import {
  aliasesFileSchema,
  qaEntrySchema,
  qaFileSchema,
  storyFileSchema,
  type QaEntryFile,
  type StoryFile,
} from './schema.js';
import { quoteFixHint } from './quoteFixHint.js';
import { builtInSmallTalk, fillPlaceholders, withoutOverridden } from './smallTalk.js';
import { KNOWLEDGE_FILES, type Knowledge, type QaEntry, type Story } from './types.js';
import { formatBytes, KNOWLEDGE_READ_LIMITS, listFolder, readKnowledgeFile, type KnowledgeReadLimits } from './readKnowledgeFile.js';
import { parseYaml, type ParsedYamlMemory, type YamlParse, type YamlFile, type YamlPath } from './yamlFile.js';

/** The raw text of each knowledge file; a file that is absent (or unreadable) is null. */
export interface KnowledgeSources {
  readonly dir: string;
  /** article.txt; required: null only when it is missing or unreadable, as `unreadable` then says. */
  readonly article: string | null;
  /** story.yaml; required, as article.txt. */
  readonly story: string | null;
  /** qa.yaml; null when there is none (the article alone answers, or the Q&A lives in the qa/ folder). */
  readonly qa: string | null;
  /** The qa/*.yaml files, by name (relative to the folder), in name order. */
  readonly qaParts?: ReadonlyArray<{ readonly name: string; readonly text: string }>;
  readonly aliases: string | null;
  /** Required files that are missing or can't be read: reported together with every other problem. */
  readonly unreadable?: readonly KnowledgeProblem[];
}

const HOW_TO_MAKE = 'npm run knowledge:init -- --from ARTICLE.txt --out DIR makes a folder with it';
const MISSING: Record<string, string> = {
  [KNOWLEDGE_FILES.article]: `the file is missing; it holds the story, one paragraph a line (${HOW_TO_MAKE})`,
  [KNOWLEDGE_FILES.story]: `the file is missing; it needs at least "title:", the article's first line (${HOW_TO_MAKE})`,
};

/**
 * Reads the knowledge folder: only regular files, each within its size and time limits (see readKnowledgeFile.ts).
 * Never throws for a missing, refused or unreadable file: those are recorded in `unreadable`, so that
 * validateKnowledge reports them in the same round as the problems of the other files.
 */
export async function readKnowledgeSources(
  dir: string,
  limits: KnowledgeReadLimits = KNOWLEDGE_READ_LIMITS,
  memory?: ParsedYamlMemory,
): Promise<KnowledgeSources> {
  const unreadable: KnowledgeProblem[] = [];
  const refuse = (name: string, message: string) => unreadable.push({ file: path.join(dir, name), line: null, entry: null, message });
  let total = 0;
  let overTotal = false;
  const readOk = new Set<string>();
  const read = async (name: string, required: boolean, maxBytes: number): Promise<string | null> => {
    if (overTotal) return null;
    const result = await readKnowledgeFile(path.join(dir, name), maxBytes, limits.timeoutMs);
    if (result.ok) {
      total += result.bytes;
      if (total <= limits.totalBytes) {
        readOk.add(path.join(dir, name));
        return result.text;
      }
      overTotal = true;
      unreadable.push({
        file: dir,
        line: null,
        entry: null,
        message: `the knowledge files hold more than ${formatBytes(limits.totalBytes)} together (${name} went over); remove files or what is not needed`,
      });
      return null;
    }
    if (result.missing) {
      if (required) refuse(name, MISSING[name] ?? 'the file is missing');
      return null;
    }
    refuse(name, result.message);
    return null;
  };
  const partNames = await qaPartNames(dir, limits, refuse);
  const article = await read(KNOWLEDGE_FILES.article, true, limits.articleBytes);
  const story = await read(KNOWLEDGE_FILES.story, true, limits.yamlBytes);
  // Curated Q&A is optional: the article alone answers questions.
  const qa = await read(KNOWLEDGE_FILES.qa, false, limits.yamlBytes);
  const aliases = await read(KNOWLEDGE_FILES.aliases, false, limits.yamlBytes);
  const qaParts: Array<{ name: string; text: string }> = [];
  for (const name of partNames) {
    const file = path.join(KNOWLEDGE_FILES.qaFolder, name);
    const text = await read(file, true, limits.yamlBytes);
    if (text !== null) qaParts.push({ name: file, text });
  }
  // Nothing is kept of a refused file, nor of one that left the folder.
  if (unreadable.length > 0) memory?.forgetFilesExcept(dir, readOk);
  return { dir, article, story, qa, qaParts, aliases, unreadable: unreadable.sort((a, b) => a.file.localeCompare(b.file)) };
}

/** The .yaml files in qa/, in name order; none when there is no qa/ folder. */
async function qaPartNames(dir: string, limits: KnowledgeReadLimits, refuse: (name: string, message: string) => void): Promise<string[]> {
  const listed = await listFolder(path.join(dir, KNOWLEDGE_FILES.qaFolder), limits.timeoutMs);
  if (listed === 'timeout') {
    refuse(KNOWLEDGE_FILES.qaFolder, `listing the folder took more than ${limits.timeoutMs / 1000} s; check the disk or the file system it is on`);
    return [];
  }
  const names = (listed ?? []).filter((name) => name.endsWith('.yaml') || name.endsWith('.yml')).sort();
  if (names.length > limits.qaFiles) {
    refuse(KNOWLEDGE_FILES.qaFolder, `the folder holds ${names.length} Q&A files, more than the ${limits.qaFiles} allowed; merge some of them`);
    return [];
  }
  return names;
}

/** Reads and checks a folder; `memory` (of a caller that loads the same folder again) re-parses only what changed. */
export async function loadKnowledge(dir: string, limits?: KnowledgeReadLimits, memory?: ParsedYamlMemory): Promise<Knowledge> {
  return validateKnowledge(await readKnowledgeSources(dir, limits, memory), memory);
}

/**
 * Checks every file and returns the Knowledge, or throws one KnowledgeError listing every problem of every
 * file: a missing or broken story.yaml does not stop the Q&A from being checked (its quotes are looked for in
 * the article, titled by its first line), and a missing article does not stop the YAML from being checked.
 */
export function validateKnowledge(sources: KnowledgeSources, memory?: ParsedYamlMemory): Knowledge {
  const fileName = (name: string) => path.join(sources.dir, name);
  const problems: KnowledgeProblem[] = [...(sources.unreadable ?? [])];
  const parse: ParseYaml = memory ? (file, text) => memory.parse(file, text) : parseYaml;
  // The parse memory keeps only this folder's files as they are now: nothing of a file removed or refused.
  memory?.forgetFilesExcept(
    sources.dir,
    new Set([
      fileName(KNOWLEDGE_FILES.story),
      ...(sources.qa !== null ? [fileName(KNOWLEDGE_FILES.qa)] : []),
      ...(sources.aliases !== null ? [fileName(KNOWLEDGE_FILES.aliases)] : []),
      ...(sources.qaParts ?? []).map((part) => fileName(part.name)),
    ]),
  );

  const parsedStory = sources.story === null ? null : parseWith(parse, fileName(KNOWLEDGE_FILES.story), sources.story, storyFileSchema, problems);
  const storyFile = parsedStory?.data ?? null;
  let story: Story | null = null;
  if (sources.article !== null) {
    // Without a valid story.yaml, the article's first line stands in for the title, so the quotes can
    // still be checked in this round.
    const meta: StoryFile = storyFile ?? { title: firstLineOf(sources.article), boilerplate: [] };
    const { parts, problems: articleProblems } = splitArticle(sources.article, meta, {
      article: fileName(KNOWLEDGE_FILES.article),
      story: fileName(KNOWLEDGE_FILES.story),
      storyLine: parsedStory?.lineOf,
    });
    problems.push(...articleProblems);
    story = {
      title: parts.title,
      subtitle: parts.subtitle,
      caption: meta.caption ?? null,
      credit: meta.credit ?? null,
      captionLine: parts.captionLine,
      date: meta.date ?? null,
      byline: meta.byline ?? null,
      source: meta.source ?? null,
      url: meta.url ?? null,
      summary: meta.summary ?? null,
      boilerplate: meta.boilerplate,
      paragraphs: parts.paragraphs,
    };
  }

  const qaFiles = qaFilesOf(sources);
  // Each phrasing's question key, as the check of the folder's own entries finds them: the built-in small talk
  // gives way to the folder's phrasings without computing every key again.
  const ownPhrasings = new Map<string, string>();
  const ownEntries = checkEntries(parse, qaFiles, story, problems, ownPhrasings);
  const entries = story ? [...ownEntries, ...smallTalkFor(parse, story, ownEntries, new Set(ownPhrasings.keys()), problems)] : ownEntries;
  const aliases =
    sources.aliases === null ? new Map<string, string[]>() : checkAliases(parse, fileName(KNOWLEDGE_FILES.aliases), sources.aliases, problems);

  if (problems.length > 0 || !story || !storyFile) throw new KnowledgeError(problems);
  return { dir: sources.dir, story, entries, aliases };
}

/** The folder's Q&A files as read (qa.yaml, then qa/*.yaml), each named by its path. */
export function qaFilesOf(sources: KnowledgeSources): QaFile[] {
  const fileName = (name: string) => path.join(sources.dir, name);
  return [
    ...(sources.qa !== null ? [{ file: fileName(KNOWLEDGE_FILES.qa), text: sources.qa }] : []),
    ...(sources.qaParts ?? []).map((part) => ({ file: fileName(part.name), text: part.text })),
  ];
}

function firstLineOf(article: string): string {
  return article.split(/\r?\n/).find((line) => line.trim().length > 0) ?? '';
}

/**
 * The built-in small talk (lexicon/small-talk.yaml) for this story: its placeholders filled, without the
 * entries the folder overrides by id, and without the phrasings the folder uses for its own entries.
 */
function smallTalkFor(
  parse: ParseYaml,
  story: Story,
  own: readonly QaEntry[],
  ownKeys: ReadonlySet<string>,
  problems: KnowledgeProblem[],
): QaEntry[] {
  const { file, text } = builtInSmallTalk();
  const builtIn = checkEntries(parse, [{ file, text }], story, problems);
  for (const entry of builtIn)
    if (entry.kind !== 'chat') problems.push({ file, line: entry.line, entry: entry.id, message: 'a built-in small-talk entry must be kind: chat' });
  return withoutOverridden(builtIn.filter((e) => e.kind === 'chat'), own, ownKeys).map((entry) => fillPlaceholders(entry, story));
}

/** How a YAML file is parsed in one validation: afresh, or through a ParsedYamlMemory. */
type ParseYaml = (file: string, text: string) => YamlParse;

function parseWith<S extends z.ZodType>(
  parse: ParseYaml,
  file: string,
  text: string,
  schema: S,
  problems: KnowledgeProblem[],
): { data: z.infer<S>; lineOf: YamlFile['lineOf'] } | null {
  const parsed = parse(file, text);
  if (!parsed.ok) {
    problems.push(...parsed.problems);
    return null;
  }
  const data = checkShape(parsed.value, parsed.value.data, [], schema, null, problems);
  return data === null ? null : { data, lineOf: parsed.value.lineOf };
}

function checkShape<S extends z.ZodType>(
  yaml: YamlFile,
  value: unknown,
  at: YamlPath,
  schema: S,
  entry: string | null,
  problems: KnowledgeProblem[],
): z.infer<S> | null {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const issuePath = [...at, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
    problems.push({ file: yaml.file, line: yaml.lineOf(issuePath), entry, message: describeIssue(issue, issuePath.slice(at.length), value) });
  }
  return null;
}

function valueAt(value: unknown, relativePath: YamlPath): unknown {
  let current = value;
  for (const key of relativePath) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** What to write in a required field that is missing. */
const REQUIRED_HINT: Record<string, string> = {
  id: 'lowercase words joined by dashes, like who-said-it',
  question: 'the question as people would ask it',
  answer: 'a short answer, in your words, of what the story says',
  title: "the headline, the article's first line",
};

const KNOWN_FIELDS = [
  ...new Set([storyFileSchema, qaEntrySchema, qaFileSchema, aliasesFileSchema].flatMap((schema) => Object.keys(schema.shape))),
];

/** The known field a misspelt one is closest to ("qoute" → "quote"), or null. */
function nearestField(key: string): string | null {
  const lower = key.toLowerCase();
  let best: { field: string; distance: number } | null = null;
  for (const field of KNOWN_FIELDS) {
    const distance = editDistance(lower, field, 2);
    if (distance <= 2 && distance < lower.length && (!best || distance < best.distance)) best = { field, distance };
  }
  return best?.field ?? null;
}

const EXPECTED: Record<string, string> = { array: 'a list, like [a, b]', string: 'text', object: 'a set of fields', number: 'a number' };

function describeIssue(issue: z.core.$ZodIssue, relativePath: YamlPath, value: unknown): string {
  const field = relativePath.length > 0 ? `"${relativePath.join('.')}": ` : '';
  if (issue.code === 'unrecognized_keys') {
    const guesses = issue.keys.map(nearestField).filter((g): g is string => g !== null);
    const guess = guesses.length > 0 ? `; did you mean ${guesses.map((g) => `"${g}"`).join(', ')}?` : '';
    return `${field}unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling${guess})`;
  }
  if (issue.code === 'invalid_type') {
    const actual = valueAt(value, relativePath);
    const name = relativePath.at(-1);
    const hint = typeof name === 'string' && REQUIRED_HINT[name] ? `: add ${name}: ${REQUIRED_HINT[name]}` : '';
    if (actual === undefined) return `${field}this field is required${hint}`;
    // Our own messages ("title must be text") already say it; zod's generic ones get plain words.
    if (!issue.message.startsWith('Invalid input')) return `${field}${issue.message}`;
    return `${field}should be ${EXPECTED[issue.expected] ?? issue.expected}, not ${describeValue(actual)}`;
  }
  return `${field}${issue.message}`;
}

/** What a YAML value is, in a moderator's words: "a list", "empty", "a set of fields" or the value quoted. */
function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'empty';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return `"${String(value)}"`;
  return 'a set of fields';
}

export interface QaFile {
  readonly file: string;
  readonly text: string;
}

interface PlacedEntry {
  readonly entry: QaEntry;
  readonly file: QaFile;
  readonly index: number;
}

/**
 * Checks every Q&A file; ids and questions must be unique across all of them. Without a story (no article to
 * read), everything but the quotes' places is checked, and fact entries are not returned.
 */
function checkEntries(
  parse: ParseYaml,
  files: readonly QaFile[],
  story: Story | null,
  problems: KnowledgeProblem[],
  /** Each phrasing's question key and the id of the entry it is under, filled as the entries are checked. */
  questionOwners = new Map<string, string>(),
): QaEntry[] {
  const entries: QaEntry[] = [];
  const placed: PlacedEntry[] = [];
  const idPlaces = new Map<string, { readonly file: string; readonly line: number | null }>();
  // Every id written, valid entry or not: a broken entry is reported once, not again as a missing related id.
  const ids = new Set<string>();

  for (const { file, text } of files) {
    const parsed = parse(file, text);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const yaml = parsed.value;
    // An empty file, or one holding only comments, has no entries yet.
    if (yaml.data === null || yaml.data === undefined) continue;
    const top = checkShape(yaml, yaml.data, [], qaFileSchema, null, problems);
    if (!top) continue;
    (top.entries ?? []).forEach((raw, index) => {
      const at = ['entries', index];
      const line = yaml.lineOf(at);
      const rawId = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
      if (rawId !== null) ids.add(rawId);
      const label = rawId ?? `#${index + 1}`;
      if (raw === null || (typeof raw === 'object' && Object.keys(raw).length === 0)) {
        problems.push({ file, line, entry: label, message: `entry #${index + 1} is empty; give it an id, a question, an answer and a quote, or delete it` });
        return;
      }
      const data = checkShape(yaml, raw, at, qaEntrySchema, label, problems);
      if (!data) return;
      const problem = (message: string, field?: YamlPath) =>
        problems.push({ file, line: field ? yaml.lineOf([...at, ...field]) : line, entry: data.id, message });

      const earlier = idPlaces.get(data.id);
      if (earlier !== undefined) {
        const where = earlier.file === file ? `line ${earlier.line ?? '?'}` : `${earlier.file} line ${earlier.line ?? '?'}`;
        problem(`the id "${data.id}" is used twice (also at ${where}); ids must be unique`, ['id']);
      }
      idPlaces.set(data.id, { file, line });
      checkPhrasings(data, phrasingKeys(raw as object, data), questionOwners, problem);
      const entry = buildEntry(data, story, { file, line }, problem);
      if (!entry) return;
      entries.push(entry);
      // The file, not its parsed document: a large knowledge base's documents would all stay in memory
      // until every file is checked. A line for a problem found later parses its file again.
      placed.push({ entry, file: { file, text }, index });
    });
  }

  for (const { entry, file, index } of placed) {
    entry.related.forEach((id, r) => {
      if (ids.has(id)) return;
      const parsed = parse(file.file, file.text);
      const line = parsed.ok ? parsed.value.lineOf(['entries', index, 'related', r]) : null;
      problems.push({
        file: file.file,
        line,
        entry: entry.id,
        message: `"related" names "${id}", which is not an entry id; use the "id:" of an entry, or remove it`,
      });
    });
  }
  return entries;
}

/**
 * The question keys of an entry's phrasings, remembered with the entry as parsed: a file that has not changed is
 * served from the parse memory as the same objects, so a reload of a large knowledge base keys only the entries
 * of the files that changed (at 100x the story, keying every phrasing again was a fifth of a reload).
 */
const keysOfEntry = new WeakMap<object, readonly string[]>();
function phrasingKeys(raw: object, data: QaEntryFile): readonly string[] {
  let keys = keysOfEntry.get(raw);
  if (!keys) keysOfEntry.set(raw, (keys = [data.question, ...data.alternates].map(questionKey)));
  return keys;
}

/** The same question under two entries would make the answer a coin toss. */
function checkPhrasings(
  data: QaEntryFile,
  keys: readonly string[],
  owners: Map<string, string>,
  problem: (message: string, field?: YamlPath) => void,
): void {
  const phrasings: Array<[string, YamlPath]> = [
    [data.question, ['question']],
    ...data.alternates.map((a, i): [string, YamlPath] => [a, ['alternates', i]]),
  ];
  const own = new Set<string>();
  phrasings.forEach(([phrasing, field], i) => {
    const key = keys[i]!;
    if (key.length === 0) {
      problem(`"${phrasing}" has no words in it; write the question in words, or delete the line`, field);
      return;
    }
    const owner = owners.get(key);
    if (owner !== undefined && owner !== data.id) {
      problem(`the question "${phrasing}" is also under entry "${owner}"; keep it under one entry only`, field);
    } else if (own.has(key)) {
      problem(`the question "${phrasing}" is listed twice in this entry`, field);
    }
    own.add(key);
    owners.set(key, data.id);
  });
}

function buildEntry(
  data: QaEntryFile,
  story: Story | null,
  place: { readonly file: string; readonly line: number | null },
  problem: (message: string, field?: YamlPath) => void,
): QaEntry | null {
  const at = { file: place.file, line: place.line ?? 0 };
  if (data.kind === 'chat') {
    if (data.quote !== undefined) problem('a chat entry has no quote; remove "quote" or make it a fact entry', ['quote']);
    return { ...data, kind: 'chat', quote: null, ...at };
  }
  if (data.kind === 'not-in-story') {
    if (data.quote !== undefined)
      problem('a not-in-story entry has no quote (the story does not say it); remove "quote" and say in "answer" what the story does say', [
        'quote',
      ]);
    return { ...data, kind: 'not-in-story', quote: null, ...at };
  }
  if (data.quote === undefined) {
    problem(
      'a fact entry needs a "quote": the words of the story that prove the answer, copied exactly; or add "kind: not-in-story" if the story does not say it',
    );
    return null;
  }
  // No article to look in: its absence is reported already.
  if (!story) return null;
  const quote = locateQuote(story, data.quote);
  if (!quote) {
    problem(`the quote "${data.quote}" is not in the article word for word; ${quoteFixHint(story, data.quote)}`, ['quote']);
    return null;
  }
  return { ...data, kind: 'fact', quote, ...at };
}

function checkAliases(parse: ParseYaml, file: string, text: string, problems: KnowledgeProblem[]): Map<string, string[]> {
  const parsed = parse(file, text);
  if (!parsed.ok) {
    problems.push(...parsed.problems);
    return new Map();
  }
  const yaml = parsed.value;
  const data = checkShape(yaml, yaml.data, [], aliasesFileSchema, null, problems);
  if (!data) return new Map();
  const aliases = new Map<string, string[]>();
  const variantOwner = new Map<string, string>();
  const keys = new Set(Object.keys(data.aliases).map((k) => questionKey(k)));
  for (const [rawKey, variants] of Object.entries(data.aliases)) {
    const key = questionKey(rawKey);
    variants.forEach((variant, i) => {
      const normalised = words(variant).join(' ');
      const problem = (message: string) => problems.push({ file, line: yaml.lineOf(['aliases', rawKey, i]), entry: rawKey, message });
      if (normalised.length === 0) return problem(`the variant "${variant}" has no words in it`);
      if (keys.has(normalised) && normalised !== key) return problem(`the variant "${variant}" is itself an alias key; a word can only stand for one thing`);
      const owner = variantOwner.get(normalised);
      if (owner !== undefined && owner !== key) return problem(`the variant "${variant}" is also listed under "${owner}"; a variant can only stand for one word`);
      variantOwner.set(normalised, key);
    });
    aliases.set(key, variants);
  }
  return aliases;
}
