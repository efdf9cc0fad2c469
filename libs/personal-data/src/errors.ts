/** The citizen was erased (crypto-shredded): nothing more may be recorded about them under this pseudonym. */
export class CitizenErasedError extends Error {
  override readonly name = 'CitizenErasedError';

  constructor(readonly pseudonym: string) {
    super(`Citizen ${pseudonym} has been erased: their personal data can no longer be recorded or read`);
  }
}

/** A ciphertext that is malformed, altered, or sealed for another citizen. Its content is never echoed. */
export class CiphertextError extends Error {
  override readonly name = 'CiphertextError';

  constructor(reason: string) {
    super(`Ciphertext refused: ${reason}`);
  }
}

/** Not a pseudonym made by `CitizenVault.pseudonymOf`; the value is not echoed (it might be a CPR number). */
export class InvalidPseudonymError extends Error {
  override readonly name = 'InvalidPseudonymError';

  constructor() {
    super("Invalid citizen pseudonym: expected 'cit_' and 43 base64url characters");
  }
}
