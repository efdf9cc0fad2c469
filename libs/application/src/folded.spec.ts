import type { RecordedEvent, StreamRead } from '@puljeflow/event-store';
import { fold, keepCommittedStates } from './folded';

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

  it('after a batch commits, the cache holds the state with the events its decisions appended: the next read starts after them', async () => {
    const types = ['a', 'b'];
    const appended: { streamPosition: number; type: string; data: unknown }[] = [];
    const batch = { ...streamReader(types), appendedTo: (streamId: string) => (streamId === 's3' ? appended : []) };
    expect(await fold(batch, 's3', evolve, [])).toEqual({ state: ['a', 'b'], version: 2 });
    // The decision appends two events after folding; the batch commits.
    appended.push({ streamPosition: 3, type: 'c', data: { at: new Date(0) } }, { streamPosition: 4, type: 'd', data: null });
    types.push('c', 'd');
    keepCommittedStates(batch);
    const next = streamReader(types);
    expect(await fold(next, 's3', evolve, [])).toEqual({ state: ['a', 'b', 'c', 'd'], version: 4 });
    expect(next.asked).toEqual([4]);
  });

  it('folds what a batch appended as stored (JSON), and stops at a gap in the positions', async () => {
    const seen: unknown[] = [];
    const evolveData = (state: number, e: { type: string; data: unknown }) => (seen.push(e.data), state + 1);
    const appended = [
      { streamPosition: 2, type: 'x', data: { at: new Date(0), gone: undefined } },
      { streamPosition: 4, type: 'y', data: null },
    ];
    const batch = { ...streamReader(['a']), appendedTo: () => appended };
    await fold(batch, 's4', evolveData, 0);
    keepCommittedStates(batch);
    expect(seen.at(-1)).toEqual({ at: '1970-01-01T00:00:00.000Z' });
    // Position 3 is not known to this process: the cache stops at 2, and the next read starts there.
    const next = streamReader(['a', 'x', 'z', 'y']);
    expect(await fold(next, 's4', evolveData, 0)).toEqual({ state: 4, version: 4 });
    expect(next.asked).toEqual([2]);
  });
});
