// Loads the knowledge for a command-line tool, or exits non-zero with the moderator-readable problems.
import 'dotenv/config';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { KnowledgeError } from '../knowledge/knowledgeError.js';
import { KnowledgeStore, type KnowledgeSnapshot } from '../store/knowledgeStore.js';

export function exitWithError(error: unknown): never {
  if (error instanceof KnowledgeError || error instanceof ConfigError) process.stderr.write(error.message + '\n');
  else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}

/** The validated configuration, or exit with what is wrong in it. */
export function configForCli(): Config {
  try {
    return loadConfig();
  } catch (error) {
    exitWithError(error);
  }
}

export function knowledgeDirFromEnv(): string {
  return configForCli().knowledgeDir;
}

/** The knowledge in `dir`, else in KNOWLEDGE_DIR's folder, or exit with what is wrong in it. */
export async function openKnowledgeForCli(dir?: string): Promise<KnowledgeSnapshot> {
  try {
    return (await KnowledgeStore.open(dir ?? knowledgeDirFromEnv())).current;
  } catch (error) {
    exitWithError(error);
  }
}
