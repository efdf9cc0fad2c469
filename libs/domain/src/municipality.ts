// Municipalities (kommuner) are named by a 3-digit code as a string, e.g. "101" København (docs/domain.md "Who uses it").
// Which 98 codes exist is reference data kept outside the domain; here only the shape is known.

import { z } from 'zod';

export type MunicipalityCode = string;

/** Christiansø has a code of its own but is not a municipality (docs/domain.md). */
const CHRISTIANSOE = '411';

export const isMunicipalityCode = (value: string): value is MunicipalityCode =>
  /^\d{3}$/.test(value) && value !== CHRISTIANSOE;

export const MunicipalityCodeSchema = z
  .string()
  .refine(isMunicipalityCode, 'must be a 3-digit municipality code (Christiansø, 411, is not a municipality)');
