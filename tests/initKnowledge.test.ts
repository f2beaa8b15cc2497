// knowledge:init reads an article as people paste it: one paragraph a line, blank-line separated, hard-wrapped,
// with a byline or a date line under the headline. Made-up harbour articles; the corpus articles are read by the
// moderator-path and corpus tests.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { initKnowledge } from '../src/knowledge/initKnowledge.js';

const init = (text: string) => {
  const { files } = initKnowledge(text);
  const story = parse(files['story.yaml']!) as Record<string, unknown>;
  const paragraphs = files['article.txt']!.split('\n').filter(
    (l) => l.trim() && l !== story.title && !(story.boilerplate as string[] | undefined)?.includes(l),
  );
  return { story, paragraphs };
};

describe('knowledge:init reading an article', () => {
  it('keeps short paragraphs one a line as paragraphs, not as one hard-wrapped block', () => {
    const { story, paragraphs } = init('Harbour bridge to close\nThe bridge closes on Monday.\nFerries will run every ten minutes.\n');
    expect(story.title).toBe('Harbour bridge to close');
    expect(paragraphs).toEqual(['The bridge closes on Monday.', 'Ferries will run every ten minutes.']);
  });

  it('joins the lines of a hard-wrapped paragraph (a sentence going on in lower case on the next line)', () => {
    const { paragraphs } = init(
      'Harbour bridge to close\n\nThe bridge closes on Monday so that\nengineers can replace its cables.\n\nFerries will run every ten minutes.\n',
    );
    expect(paragraphs).toEqual([
      'The bridge closes on Monday so that engineers can replace its cables.',
      'Ferries will run every ten minutes.',
    ]);
  });

  it('takes a byline and a date line under the headline out of the paragraphs, from CRLF text too', () => {
    const { story, paragraphs } = init(
      'Harbour bridge to close\r\n\r\nBy Jane Doe and John Roe, BBC News\r\n\r\n3 March 2023\r\n\r\nThe bridge closes on Monday.\r\n',
    );
    expect(story).toMatchObject({ byline: 'Jane Doe and John Roe', date: '2023-03-03', summary: 'The bridge closes on Monday.' });
    expect(paragraphs).toEqual(['The bridge closes on Monday.']);
  });

  it('reads a lead sentence that opens with "By" as the lead, not a byline', () => {
    const { story, paragraphs } = init('Harbour bridge to close\n\nBy Friday, the bridge will be shut.\n\nFerries will run.\n');
    expect(story.byline).toBeUndefined();
    expect(paragraphs[0]).toBe('By Friday, the bridge will be shut.');
  });
});
