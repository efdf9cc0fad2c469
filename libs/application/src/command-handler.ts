import { retryOnConflict, type EventStore, type NewEvent } from '@puljeflow/event-store';
import { fold } from './folded';
import type { Outcome, Reason } from './streams';

/**
 * One way to run a command against a stream, after Emmett's `CommandHandler`: read the stream folded with the
 * decider's `evolve` (through the process's fold cache), decide, append what was decided expecting the version read,
 * and when another writer moved the stream in between, read, decide and append again (up to `attempts` runs).
 *
 *   const handleCommitment = CommandHandler({ evolve: evolveCommitment, initialState: initialCommitmentState });
 *   const result = await handleCommitment(store, streams.commitment(poolId, code), (state) => decideCommitment(command, state));
 *   return toOutcome(result);
 *
 * - `decide(state, version)` may be async: it may read other streams for the facts its rules need (through `store`);
 *   it runs again on each retry, so those facts are read again too.
 * - It returns a decision: `{ ok: true, events }` (appended; no events appends nothing) or `{ ok: false, reasons }`
 *   (a refusal: nothing appended, no retry). Anything it throws goes to the caller unchanged.
 * - The result: `{ ok: true, events, state, version, position }` (the state and version after the append, the global
 *   position of the first event, '' when none) or `{ ok: false, reasons, state, version }` (as read).
 */
export function CommandHandler<State, E extends { type: string; data: unknown }>(options: {
  evolve: (state: State, event: E) => State;
  initialState: State;
  /** Runs in all before a version conflict goes to the caller (default 3, as `retryOnConflict`). */
  attempts?: number;
}) {
  const { evolve, initialState, attempts = 3 } = options;
  return (store: EventStore, streamId: string, decide: (state: State, version: number) => Decided<E> | Promise<Decided<E>>): Promise<Handled<State, E>> =>
    retryOnConflict(
      async () => {
        const { state, version } = await fold(store, streamId, evolve, initialState);
        const decision = await decide(state, version);
        if (!decision.ok) return { ok: false as const, reasons: decision.reasons, state, version };
        const events = [...decision.events];
        if (events.length === 0) return { ok: true as const, events, state, version, position: '' };
        const appended = await store.append(streamId, events as NewEvent[], { expectedVersion: version });
        return { ok: true as const, events, state: events.reduce(evolve, state), version: appended.nextExpectedVersion, position: appended.positions[0] ?? '' };
      },
      { attempts },
    );
}

/** What a decider returns (libs/domain's `Decision` fits): the events to append, or why not. */
export type Decided<E> = { readonly ok: true; readonly events: readonly E[] } | { readonly ok: false; readonly reasons: readonly Reason[] };

export type Handled<State, E> =
  | { ok: true; events: E[]; state: State; version: number; position: string }
  | { ok: false; reasons: readonly Reason[]; state: State; version: number };

/** The staff API's view of a handled command: recorded at a position, or refused with reasons. */
export function toOutcome(handled: Handled<unknown, unknown>): Outcome {
  return handled.ok ? { ok: true, position: handled.position } : { ok: false, reasons: handled.reasons };
}
