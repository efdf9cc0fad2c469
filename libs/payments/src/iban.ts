// IBAN check digits (ISO 13616, mod 97-10), so a mistyped account is refused before money moves.

const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;

/** An IBAN without spaces, upper case, whose check digits hold. Danish IBANs are 18 characters: DKkk + 14 digits. */
export const isValidIban = (iban: string): boolean => {
  if (!IBAN_SHAPE.test(iban) || (iban.startsWith('DK') && iban.length !== 18)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    // Letters count as two digits, A = 10 … Z = 35; the remainder is carried digit by digit to stay small.
    const digits = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
};
