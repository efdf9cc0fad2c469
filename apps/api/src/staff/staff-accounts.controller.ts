import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query, Req, UseGuards } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import type { FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { CreateStaffUserRequestSchema, UpdateStaffUserRequestSchema, validationErrors } from '@puljeflow/contracts';
import { StaffSession, StaffUser } from '@puljeflow/read-models';
import { Roles, StaffGuard } from '../auth/staff.guard';
import { parseAsOf } from '../http/as-of';
import { problems } from '../http/problem';
import { DATA_SOURCE } from '../infrastructure/tokens';

const account = (u: Pick<StaffUser, 'username' | 'displayName' | 'roles' | 'active'>) => ({ username: u.username, displayName: u.displayName, roles: u.roles, active: u.active });

/** Admins create staff accounts, change their roles and disable them (the command line's `create-staff` stays). */
@Controller('api/v1/staff/users')
@UseGuards(StaffGuard)
export class StaffAccountsController {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  async create(@Body() body: unknown) {
    const parsed = CreateStaffUserRequestSchema.safeParse(body);
    if (!parsed.success) throw problems.validation('Send { username, displayName, password (12+ characters), roles }.', validationErrors(parsed.error));
    const { username, displayName, password, roles } = parsed.data;
    const created = await this.db.getRepository(StaffUser).createQueryBuilder().insert().values({ username, displayName, passwordHash: await hash(password), roles, active: true }).orIgnore().execute();
    if ((created.raw as unknown[]).length === 0) throw problems.conflict(`There is a staff account '${username}' already.`);
    return { username, displayName, roles, active: true };
  }

  @Get()
  @Roles('admin', 'auditor')
  async list(@Query('asOf') asOfParam: unknown) {
    if (parseAsOf(asOfParam).given) throw problems.validation('Staff accounts keep no history; leave asOf out.', [{ path: 'asOf', code: 'custom', message: 'not kept for staff accounts' }]);
    const users = await this.db.getRepository(StaffUser).find({ order: { username: 'ASC' } });
    return { users: users.map(account) };
  }

  @Patch(':username')
  @Roles('admin')
  async update(@Param('username') username: string, @Body() body: unknown, @Req() request: FastifyRequest) {
    const parsed = UpdateStaffUserRequestSchema.safeParse(body);
    if (!parsed.success) throw problems.validation('Send one or more of { displayName, roles, active }.', validationErrors(parsed.error));
    const change = parsed.data;
    if (username === request.staff!.username && (change.active === false || (change.roles && !change.roles.includes('admin')))) {
      throw problems.conflict('You cannot disable your own account or take your own admin role; ask another admin.');
    }
    return this.db.transaction(async (tx) => {
      const users = tx.getRepository(StaffUser);
      const user = await users.findOne({ where: { username }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw problems.notFound(`There is no staff account '${username}'.`);
      const updated = { ...user, ...change };
      await users.update({ username }, { displayName: updated.displayName, roles: updated.roles, active: updated.active });
      if (!updated.active) await tx.getRepository(StaffSession).delete({ username });
      return account(updated);
    });
  }
}
