// In one process, work on the same key runs one at a time, in call order. Calls of one process then wait here, not
// each on a database connection of their own for the run's advisory lock (which serialises processes).

const tails = new Map<string, Promise<void>>();

/** Runs `work` after every earlier call for `key` in this process has settled. Process-wide, so two adapters on
 * the same folder share it. */
export const serialised = <T>(key: string, work: () => Promise<T>): Promise<T> => {
  const result = (tails.get(key) ?? Promise.resolve()).then(work);
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  // Forget the key once nothing waits on it, so the map does not grow with every run ever paid.
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return result;
};
