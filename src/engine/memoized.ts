// A function of a string remembered for the strings it has seen, up to a bound: a chat's words repeat, and
// a flood of new ones (a long hostile message) must not grow memory without end.
const DEFAULT_LIMIT = 10_000;

export function memoized<T>(compute: (key: string) => T, limit = DEFAULT_LIMIT): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    let value = seen.get(key);
    if (value === undefined) {
      value = compute(key);
      if (seen.size >= limit) seen.clear();
      seen.set(key, value);
    }
    return value;
  };
}
