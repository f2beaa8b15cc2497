// A synthetic knowledge folder `scale` times the size of a real one, for load and speed benchmarks:
// every paragraph and Q&A entry is copied with a share of its words swapped for other English words,
// so the vocabulary grows like a real, larger story's would. Deterministic for a given seed.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import wordListPath from 'word-list';
import type { Knowledge } from '../knowledge/types.js';
import { questionKey } from '../language/text.js';
import { seededRandom } from './seededRandom.js';

async function vocabulary(): Promise<string[]> {
  const words = (await readFile(wordListPath, 'utf8')).split('\n');
  return words.filter((w) => w.length >= 4 && w.length <= 10);
}

/** Applies `swap` to the longer words of `text`; a word is always swapped the same way, so quotes stay spans. */
function mutate(text: string, swap: (word: string) => string): string {
  return text.replace(/\b[A-Za-z]{5,}\b/g, (word) => swap(word));
}

export interface SyntheticKnowledge {
  readonly dir: string;
  readonly paragraphs: number;
  readonly entries: number;
  /** Questions that have a curated answer in the synthetic knowledge. */
  readonly sampleQuestions: readonly string[];
}

export async function writeSyntheticKnowledge(base: Knowledge, scale: number, seed = 42): Promise<SyntheticKnowledge> {
  const random = seededRandom(seed);
  const words = await vocabulary();
  const dir = await mkdtemp(path.join(tmpdir(), `story-bot-x${scale}-`));
  await mkdir(dir, { recursive: true });
  const paragraphs: string[] = [];
  // One Q&A file per copy, as a large knowledge base is kept (by topic): copy 0 in qa.yaml, the rest in qa/.
  const entriesByCopy: Array<Array<Record<string, unknown>>> = [];
  const sampleQuestions: string[] = [];
  const facts = base.entries.filter((e) => e.kind === 'fact' && e.quote?.part === 'paragraph');

  for (let copy = 0; copy < scale; copy++) {
    // Each copy renames words consistently, like a different story with its own names and topics.
    // Each copy renames about 60% of the words, consistently, like another story with its own names and topics.
    const renames = new Map<string, string>();
    const swap = (word: string) => {
      let renamed = renames.get(word);
      if (renamed === undefined) {
        renamed = copy > 0 && random() < 0.6 ? words[Math.floor(random() * words.length)]! : word;
        renames.set(word, renamed);
      }
      return renamed;
    };
    paragraphs.push(...base.story.paragraphs.map((p) => mutate(p.text, swap)));
    for (const entry of facts) {
      const question = mutate(entry.question, swap);
      const seen = new Set<string>();
      const alternates = entry.alternates
        .map((a) => `${mutate(a, swap)} ${copy}`)
        .filter((a) => !seen.has(questionKey(a)) && seen.add(questionKey(a)));
      (entriesByCopy[copy] ??= []).push({
        id: `${entry.id}-${copy}`,
        question: `${question.slice(0, 90)} ${copy}`,
        alternates,
        answer: mutate(entry.answer, swap),
        quote: mutate(entry.quote!.text, swap),
      });
      if (sampleQuestions.length < 300 && random() < 0.3) sampleQuestions.push(question);
    }
  }

  const { story } = base;
  const article = [story.title, story.subtitle, story.captionLine, ...story.boilerplate, ...paragraphs]
    .filter((line) => line !== null)
    .join('\n\n');
  await writeFile(path.join(dir, 'article.txt'), article);
  await writeFile(
    path.join(dir, 'story.yaml'),
    stringify(
      Object.fromEntries(
        Object.entries({
          title: story.title,
          subtitle: story.subtitle,
          caption: story.caption,
          credit: story.credit,
          date: story.date,
          source: story.source,
          summary: story.summary,
          boilerplate: [...story.boilerplate],
        }).filter(([, value]) => value !== null),
      ),
    ),
  );
  await writeFile(path.join(dir, 'qa.yaml'), stringify({ entries: entriesByCopy[0] ?? [] }));
  if (scale > 1) await mkdir(path.join(dir, 'qa'));
  for (let copy = 1; copy < scale; copy++) {
    await writeFile(path.join(dir, 'qa', `copy-${String(copy).padStart(4, '0')}.yaml`), stringify({ entries: entriesByCopy[copy] ?? [] }));
  }
  await writeFile(path.join(dir, 'aliases.yaml'), stringify({ aliases: Object.fromEntries(base.aliases) }));
  return { dir, paragraphs: paragraphs.length, entries: entriesByCopy.reduce((n, list) => n + list.length, 0), sampleQuestions };
}
