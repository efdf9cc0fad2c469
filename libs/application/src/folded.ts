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

  delete(streamId: string) {
    this.entries.delete(streamId);
  }

  set(streamId: string, version: number, state: unknown) {
    const known = this.entries.get(streamId);
    if (known && known.version >= version) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, { version, state });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** How many streams each cache below keeps, unless the process says otherwise at start (configureFoldCache). */
export const DEFAULT_FOLD_CACHE_SIZE = 20_000;

let cache = new FoldCache(DEFAULT_FOLD_CACHE_SIZE);

/**
 * The latest version of each stream this process has seen stored (folded, or written by a batch it committed): what
 * a batch decided ahead expects a stream to be at (WriteBatch.expect; the database checks it). Only ever moves up.
 */
let knownVersions = new FoldCache(DEFAULT_FOLD_CACHE_SIZE);

/** Sizes the process's fold caches (from its configuration, at start): they start empty again. */
export function configureFoldCache({ size }: { size: number }): void {
  cache = new FoldCache(size);
  knownVersions = new FoldCache(size);
}

/** The version of `streamId` as far as this process knows, if it knows it. */
export function knownStreamVersion(streamId: string): number | undefined {
  return knownVersions.get(streamId)?.version;
}

/** After a write decided ahead was refused: what this process believed of these streams is not to be trusted. */
export function forgetStreamVersions(streamIds: Iterable<string>): void {
  for (const id of streamIds) knownVersions.delete(id);
}

const learnVersion = (streamId: string, version: number) => knownVersions.set(streamId, version, null);

/** A reader that buffers appends (a WriteBatch): it tells what it appended to a stream, with stream positions. */
interface AppendingReader extends Reader {
  appendedTo(streamId: string): readonly { streamPosition: number; type: string; data: unknown }[];
  /** Each stream it locked, at its version with the batch's appends (a WriteBatch tells). */
  versions?(): Map<string, number>;
}
const isAppending = (reader: Reader): reader is AppendingReader => typeof (reader as Partial<AppendingReader>).appendedTo === 'function';

type Folded = { version: number; state: unknown; evolve: (state: unknown, event: unknown) => unknown };

/**
 * States a batch's decisions folded, per reader (a WriteBatch), some with the batch's own unwritten events: the next
 * decision of the same batch goes on from there instead of folding the batch's events again, and once the batch has
 * committed the shared cache takes them with what the batch appended after them (keepCommittedStates). Gone with the
 * batch; never in the shared cache before it commits.
 */
const uncommittedStates = new WeakMap<Reader, Map<string, Folded>>();

/**
 * A stream folded with a decider's evolve: its current state and version. Events a batch has appended but not yet
 * written (`uncommitted`) are folded in, but the shared cache keeps only the state of what is stored.
 */
export async function fold<S, E>(reader: Reader, streamId: string, evolve: (state: S, event: E) => S, initial: S): Promise<{ state: S; version: number }> {
  const stored = cache.get(streamId) as { version: number; state: S } | undefined;
  const local = uncommittedStates.get(reader)?.get(streamId) as { version: number; state: S } | undefined;
  const fromBatch = local !== undefined && local.version > (stored?.version ?? 0);
  const known = fromBatch ? local : stored;
  const { events, version, uncommitted = 0 } = await reader.readStream(streamId, { afterVersion: known?.version ?? 0 });
  const committed = events.length - uncommitted;
  let state = known?.state ?? initial;
  for (let i = 0; i < committed; i++) state = evolve(state, { type: events[i]!.type, data: events[i]!.data } as E);
  if (!fromBatch) {
    cache.set(streamId, version - uncommitted, state);
    learnVersion(streamId, version - uncommitted);
  }
  for (let i = committed; i < events.length; i++) state = evolve(state, { type: events[i]!.type, data: events[i]!.data } as E);
  if (uncommitted > 0 || fromBatch || isAppending(reader)) {
    let states = uncommittedStates.get(reader);
    if (!states) uncommittedStates.set(reader, (states = new Map()));
    states.set(streamId, { version, state, evolve: evolve as Folded['evolve'] });
  }
  return { state, version };
}

/**
 * After the batch that `reader` served has committed: its folded states are stored facts now, and so is what it
 * appended after folding them (a decision's own events), so the shared cache takes the states with those events
 * folded in: the next batch reads nothing this process already knows.
 */
export function keepCommittedStates(reader: Reader): void {
  if (isAppending(reader)) for (const [streamId, version] of reader.versions?.() ?? []) learnVersion(streamId, version);
  const states = uncommittedStates.get(reader);
  if (!states) return;
  for (const [streamId, { version, state, evolve }] of states) {
    let current = { version, state };
    if (isAppending(reader)) {
      for (const e of reader.appendedTo(streamId)) {
        if (e.streamPosition <= current.version) continue;
        // Positions follow each other under the stream's lock; a gap means something is not known here: stop.
        if (e.streamPosition !== current.version + 1) break;
        // As a later read would give it: the data as stored (JSON), not the objects the decision made.
        current = { version: e.streamPosition, state: evolve(current.state, { type: e.type, data: JSON.parse(JSON.stringify(e.data ?? null)) }) };
      }
    }
    cache.set(streamId, current.version, current.state);
  }
  uncommittedStates.delete(reader);
}
