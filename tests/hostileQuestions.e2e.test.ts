// Twenty users each send a 499-character question of misspelt story words at once, and a bystander asks a plain
// one: with the work per question bounded, every interaction is answered within Discord's 3 s deadline (the
// fake answers a later callback with 10062 Unknown interaction, as Discord does).
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileQuestions } from '../src/bench/benchQuestions.js';
import { startFakeDiscord, type FakeDiscord } from './support/fakeDiscord.js';
import { copyKnowledge, startBotProcess, TEST_TOKEN, type BotProcess } from './support/botProcess.js';

/** Discord's deadline for the first response to an interaction. */
const DEADLINE_MS = 3_000;

let fake: FakeDiscord;
let bot: BotProcess;

beforeAll(async () => {
  fake = await startFakeDiscord({ token: TEST_TOKEN, callbackDeadlineMs: DEADLINE_MS });
  const knowledgeDir = await copyKnowledge();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'story-bot-data-'));
  bot = startBotProcess({ DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_BASE: fake.apiBase, KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir });
  await fake.waitForReady(1, 60_000);
}, 90_000);

afterAll(async () => {
  // Unset if beforeAll failed before starting them.
  await (bot as BotProcess | undefined)?.stop('SIGTERM');
  await (fake as FakeDiscord | undefined)?.stop();
});

describe('a flood of long misspelt questions', () => {
  it('answers every one and a bystander within the interaction deadline', async () => {
    const article = await readFile(path.join(bot.knowledgeDir, 'article.txt'), 'utf8');
    const questions = hostileQuestions(article, 20);
    expect(questions.every((q) => q.length > 450 && q.length <= 499)).toBe(true);
    // Twenty different users, so no per-user cooldown holds any of them back.
    const flood = questions.map((question, i) =>
      fake.slashCommand(
        'ask',
        { question },
        { member: fake.plainMember({ id: String(900_000_000_000_000_000n + BigInt(i)), username: `user${i}` }) },
      ),
    );
    const bystander = fake.slashCommand('ask', { question: 'how many more bases?' });

    const callbacks = await Promise.all([...flood, bystander].map((sent) => fake.waitForCallback(sent, 15_000)));
    expect(callbacks.map((c) => c.status).filter((status) => status >= 300)).toEqual([]);
    expect(JSON.stringify(callbacks.at(-1)!.body)).toContain('three more bases');
  });
});
