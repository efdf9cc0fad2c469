import type { EventStore } from '@puljeflow/event-store';

/**
 * A stream folded as it was at `asOf` (the events recorded at or before it), never through the process's fold cache,
 * which holds the present.
 */
export async function foldAsOf<S, E>(store: EventStore, streamId: string, evolve: (state: S, event: E) => S, initial: S, asOf: Date): Promise<S> {
  const { events } = await store.readStream(streamId, { asOf });
  return events.reduce((state, e) => evolve(state, { type: e.type, data: e.data } as E), initial);
}
