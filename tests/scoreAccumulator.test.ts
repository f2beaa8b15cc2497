// Per-ranking sums: a pool lends each ranking its own cleared accumulator, also when one ranking runs inside another.
import { describe, expect, it } from 'vitest';
import { AccumulatorPool, TopScores } from '../src/engine/scoreAccumulator.js';

describe('AccumulatorPool', () => {
  it('lends a nested use its own sums, and every sum is cleared when given back', () => {
    const pool = new AccumulatorPool(8);
    const seen = pool.with((outer) => {
      outer.add(3, 1.5);
      const inner = pool.with((nested) => {
        expect(nested).not.toBe(outer);
        nested.add(3, 10);
        return nested.get(3);
      });
      return { outer: outer.get(3), inner };
    });
    expect(seen).toEqual({ outer: 1.5, inner: 10 });
    pool.with((again) => {
      expect(again.size).toBe(0);
      expect(again.get(3)).toBe(0);
    });
  });

  it('takes the sums back when the use throws', () => {
    const pool = new AccumulatorPool(4);
    expect(() =>
      pool.with((sums) => {
        sums.add(1, 2);
        throw new Error('ranking failed');
      }),
    ).toThrow('ranking failed');
    pool.with((sums) => expect(sums.get(1)).toBe(0));
  });
});

describe('TopScores', () => {
  it('keeps the best few, best first', () => {
    const top = new TopScores<{ score: number }>(2);
    for (const score of [0.2, 0.9, 0.5, 0.1]) if (top.admits(score)) top.offer({ score });
    expect(top.items.map((i) => i.score)).toEqual([0.9, 0.5]);
  });
});
