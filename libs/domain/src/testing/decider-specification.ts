// given / when / then for deciders, after Emmett's DeciderSpecification (docs/style.md "Deciders"). Test-only: it uses
// jest's `expect`, so it is not exported from the package's index.

import type { Decider, ReasonCode } from '../decision';

export type DeciderSpecification<C, E> = (givenEvents: readonly E[]) => {
  when: (command: C) => {
    /** The decision accepts the command with exactly these events. */
    then: (expected: readonly E[]) => void;
    /** The decision rejects the command with exactly these reason codes, in order, each with a message. */
    thenRejects: (...codes: ReasonCode[]) => void;
  };
};

export const deciderSpecification =
  <State, C, E>(decider: Decider<State, C, E>): DeciderSpecification<C, E> =>
  (givenEvents) => ({
    when: (command) => {
      const decide = () => decider.decide(command, givenEvents.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected) => {
          expect(decide()).toEqual({ ok: true, events: expected });
        },
        thenRejects: (...codes) => {
          const decision = decide();
          const reasons = codes.map((code) => ({ code, message: expect.any(String) }));
          expect(decision).toEqual({ ok: false, reasons });
          if (!decision.ok) for (const { message } of decision.reasons) expect(message.length).toBeGreaterThan(0);
        },
      };
    },
  });
