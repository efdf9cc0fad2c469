import type { EventStoreTransaction } from '@puljeflow/event-store';

type Reader = Pick<EventStoreTransaction, 'readStream'>;

/**
 * Folded stream states kept per process, by stream and version: a decision reads only the events after the version
 * it already knows instead of the whole stream (streams are append-only, states immutable, so this is always right).
 * Least recently used entries go first.
 */
class FoldCache {
  private readonly entries = new Map<string, { version: number; state: unknown }>();

  constructor(private readonly max: number) {}

  get(streamId: string) {
    const entry = this.entries.get(streamId);
    if (entry) {
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  set(streamId: string, version: number, state: unknown) {
    const known = this.entries.get(streamId);
    if (known && known.version >= version) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, { version, state });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}

const cache = new FoldCache(Number(process.env.PULJEFLOW_FOLD_CACHE_SIZE ?? 20_000));

/**
 * A stream folded with a decider's evolve: its current state and version. Events a batch has appended but not yet
 * written (`uncommitted`) are folded in, but the cache keeps only the state of what is stored.
 */
export async function fold<S, E>(reader: Reader, streamId: string, evolve: (state: S, event: E) => S, initial: S): Promise<{ state: S; version: number }> {
  const known = cache.get(streamId) as { version: number; state: S } | undefined;
  const { events, version, uncommitted = 0 } = await reader.readStream(streamId, { afterVersion: known?.version ?? 0 });
  const stored = events.length - uncommitted;
  let state = known?.state ?? initial;
  for (let i = 0; i < stored; i++) state = evolve(state, { type: events[i]!.type, data: events[i]!.data } as E);
  cache.set(streamId, version - uncommitted, state);
  for (let i = stored; i < events.length; i++) state = evolve(state, { type: events[i]!.type, data: events[i]!.data } as E);
  return { state, version };
}
