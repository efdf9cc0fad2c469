import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import { LessThanOrEqual, type DataSource } from 'typeorm';
import { z } from 'zod';
import { IssueApiKeyRequestSchema, validationErrors } from '@puljeflow/contracts';
import { ApiKey, Municipality } from '@puljeflow/read-models';
import { newApiKey, sha256 } from '../auth/secrets';
import { Roles, StaffGuard } from '../auth/staff.guard';
import { parseAsOf } from '../http/as-of';
import { problems } from '../http/problem';
import { DATA_SOURCE } from '../infrastructure/tokens';

/**
 * Admins issue, list and revoke municipal API keys. A key is shown once, when issued; only its hash is stored.
 * Every api process checks keys on each request, so a revoked key fails at once everywhere.
 */
@Controller('api/v1/staff/api-keys')
@UseGuards(StaffGuard)
export class ApiKeysController {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  async issue(@Body() body: unknown) {
    const parsed = IssueApiKeyRequestSchema.safeParse(body);
    if (!parsed.success) throw problems.validation('Send { municipalityCode, name }.', validationErrors(parsed.error));
    const { municipalityCode, name } = parsed.data;
    if (!(await this.db.getRepository(Municipality).existsBy({ code: municipalityCode }))) throw problems.notFound(`There is no municipality ${municipalityCode}.`);
    const key = newApiKey(municipalityCode);
    const row = { id: randomUUID(), municipalityCode, name, keyHash: sha256(key), keyPrefix: key.slice(0, 12), createdAt: new Date(), revokedAt: null };
    await this.db.getRepository(ApiKey).insert(row);
    return { id: row.id, municipalityCode, name, keyPrefix: row.keyPrefix, createdAt: row.createdAt.toISOString(), key, notice: 'The key is shown only now; store it safely.' };
  }

  @Get()
  @Roles('admin', 'auditor')
  async list(@Query('asOf') asOfParam: unknown) {
    // The keys issued by `asOf`, revoked only if they were revoked by then.
    const { asOf } = parseAsOf(asOfParam);
    const keys = await this.db.getRepository(ApiKey).find({ where: { createdAt: LessThanOrEqual(asOf) }, order: { municipalityCode: 'ASC', createdAt: 'ASC' } });
    const revokedBy = (k: ApiKey) => (k.revokedAt && k.revokedAt <= asOf ? k.revokedAt.toISOString() : null);
    return { keys: keys.map((k) => ({ id: k.id, municipalityCode: k.municipalityCode, name: k.name, keyPrefix: k.keyPrefix, createdAt: k.createdAt.toISOString(), revokedAt: revokedBy(k) })) };
  }

  @Delete(':id')
  @HttpCode(200)
  @Roles('admin')
  async revoke(@Param('id') id: string) {
    if (!z.uuid().safeParse(id).success) throw problems.notFound(`There is no API key ${id}.`);
    const key = await this.db.getRepository(ApiKey).findOneBy({ id });
    if (!key) throw problems.notFound(`There is no API key ${id}.`);
    if (!key.revokedAt) await this.db.getRepository(ApiKey).update({ id }, { revokedAt: new Date() });
    const revoked = await this.db.getRepository(ApiKey).findOneByOrFail({ id });
    return { id, municipalityCode: revoked.municipalityCode, revokedAt: revoked.revokedAt!.toISOString() };
  }
}
