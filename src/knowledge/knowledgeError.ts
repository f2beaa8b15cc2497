// A problem in the knowledge files, said so a moderator can find and fix it.

export interface KnowledgeProblem {
  readonly file: string;
  /** 1-based line, when known. */
  readonly line: number | null;
  /** The Q&A entry (or alias key) concerned, when there is one. */
  readonly entry: string | null;
  readonly message: string;
}

export function describeProblem(p: KnowledgeProblem): string {
  const where = p.line !== null ? `${p.file}:${p.line}` : p.file;
  const entry = p.entry !== null ? ` (entry "${p.entry}")` : '';
  return `${where}${entry}: ${p.message}`;
}

/** Thrown when the knowledge folder can't be loaded; carries every problem found, not just the first. */
export class KnowledgeError extends Error {
  readonly problems: readonly KnowledgeProblem[];

  constructor(problems: readonly KnowledgeProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`The knowledge files have ${count}:\n${problems.map((p) => `- ${describeProblem(p)}`).join('\n')}`);
    this.name = 'KnowledgeError';
    this.problems = problems;
  }

  /** The first problem, for places with room for one line. */
  get first(): KnowledgeProblem {
    return this.problems[0]!;
  }
}
