import type { RecordedEvent, StreamRead } from '@puljeflow/event-store';
import { fold } from './folded';

/** A stream in memory whose last `uncommitted` events are a batch's own; it notes where each read starts. */
function streamReader(types: string[], uncommitted = 0) {
  const asked: number[] = [];
  return {
    asked,
    readStream: async (streamId: string, { afterVersion = 0 }: { afterVersion?: number } = {}): Promise<StreamRead> => {
      asked.push(afterVersion);
      const events = types.slice(afterVersion).map((type, i) => ({ streamId, streamPosition: afterVersion + i + 1, type, data: null }) as unknown as RecordedEvent);
      const mine = events.filter((e) => e.streamPosition > types.length - uncommitted).length;
      return { version: Math.max(afterVersion, types.length), events, ...(mine ? { uncommitted: mine } : {}) };
    },
  };
}
const evolve = (state: string[], e: { type: string }) => [...state, e.type];

describe('fold', () => {
  it('reads only what is new to this process after the first time', async () => {
    const types = ['a', 'b'];
    const reader = streamReader(types);
    expect(await fold(reader, 's1', evolve, [])).toEqual({ state: ['a', 'b'], version: 2 });
    types.push('c');
    expect(await fold(reader, 's1', evolve, [])).toEqual({ state: ['a', 'b', 'c'], version: 3 });
    expect(reader.asked).toEqual([0, 2]);
  });

  it('a batch’s own events count for the batch, but another reader starts from the stored state', async () => {
    const batch = streamReader(['a', 'b', 'mine'], 1);
    expect(await fold(batch, 's2', evolve, [])).toEqual({ state: ['a', 'b', 'mine'], version: 3 });
    // The same batch goes on from its own state…
    expect(await fold(batch, 's2', evolve, [])).toEqual({ state: ['a', 'b', 'mine'], version: 3 });
    expect(batch.asked).toEqual([0, 3]);
    // …while anybody else (the batch rolled back; another event took position 3) starts after the stored two.
    const other = streamReader(['a', 'b', 'theirs']);
    expect(await fold(other, 's2', evolve, [])).toEqual({ state: ['a', 'b', 'theirs'], version: 3 });
    expect(other.asked).toEqual([2]);
  });
});
