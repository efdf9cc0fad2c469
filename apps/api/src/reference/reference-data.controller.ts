import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { z } from 'zod';
import { BalanceImportQuerySchema, validationErrors } from '@puljeflow/contracts';
import { validateCpr } from '@puljeflow/domain';
import type { CitizenVault } from '@puljeflow/personal-data';
import { importBalance } from '@puljeflow/reference-data';
import { Roles, StaffGuard } from '../auth/staff.guard';
import { ProblemError, problems } from '../http/problem';
import { CITIZEN_VAULT, PG_POOL } from '../infrastructure/tokens';

const ErasureSchema = z.object({ cpr: z.string().max(20), reason: z.string().min(3).max(1000) }).strict();

/** Admin: reference data imports, and erasure of a citizen (crypto-shredding). */
@Controller('api/v1/staff')
@UseGuards(StaffGuard)
export class ReferenceDataController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CITIZEN_VAULT) private readonly vault: CitizenVault,
  ) {}

  /** A labour-market balance CSV (text/csv): refused whole with line-numbered errors, or imported (or, as a dry run, previewed) with what changed. */
  @Post('reference-data/labour-market-balance')
  @HttpCode(200)
  @Roles('admin')
  async importBalance(@Body() body: unknown, @Query() query: unknown, @Req() request: FastifyRequest) {
    const q = BalanceImportQuerySchema.safeParse(query ?? {});
    if (!q.success) throw problems.validation('dryRun is true or false.', validationErrors(q.error));
    if (typeof body !== 'string' || body.length === 0) throw problems.validation('Send the balance file as text/csv.', []);
    const result = await importBalance(this.pool, body, { importedBy: request.staff!.username, dryRun: q.data.dryRun === 'true' });
    if (!result.ok) {
      throw new ProblemError(422, 'balance-file-invalid', 'The balance file has errors; nothing was imported', `${result.errors.length} line(s) are wrong.`, {
        errors: result.errors.map((e) => ({ path: `line ${e.line}`, code: 'invalid_line', message: e.message })),
      });
    }
    return result;
  }

  @Get('reference-data/labour-market-balance')
  @Roles('caseworker', 'approver', 'finance', 'auditor', 'admin')
  async balanceVersions() {
    const { rows } = await this.pool.query('SELECT version, half_year AS "halfYear", source, sample, entry_count AS "entryCount", imported_at AS "importedAt", imported_by AS "importedBy" FROM balance_versions ORDER BY half_year, imported_at');
    return { versions: rows };
  }

  /** Erases a citizen: their key is deleted, so nothing about the person can be read back; money figures stay. */
  @Post('citizens/erasures')
  @HttpCode(200)
  @Roles('admin')
  async erase(@Body() body: unknown, @Req() request: FastifyRequest) {
    const parsed = ErasureSchema.safeParse(body);
    if (!parsed.success) throw problems.validation('Send { cpr, reason }.', validationErrors(parsed.error));
    const cpr = validateCpr(parsed.data.cpr);
    if (!cpr.ok) throw problems.validation('That is not a valid CPR number.', [{ path: 'cpr', code: 'invalid_cpr', message: cpr.message }]);
    const erasure = await this.vault.erase(this.vault.pseudonymOf(cpr.cpr), { by: request.staff!.username, reason: parsed.data.reason });
    return { pseudonym: erasure.pseudonym, erasedAt: erasure.erasedAt, erasedBy: erasure.erasedBy };
  }
}
