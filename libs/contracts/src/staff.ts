import { z } from 'zod';
import { MunicipalityCodeSchema, PositiveOreSchema } from './municipal-events';

export const STAFF_ROLES = ['caseworker', 'approver', 'finance', 'auditor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const LoginRequestSchema = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) }).strict();
export const PrepareCommitmentRequestSchema = z.object({ amountOre: PositiveOreSchema.optional() }).strict();
export const ApproveCommitmentRequestSchema = z.object({}).strict();
export const CommitmentPathSchema = z.object({ poolId: z.string(), municipalityCode: MunicipalityCodeSchema });
