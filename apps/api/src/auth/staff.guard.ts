import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { MoreThan, type DataSource } from 'typeorm';
import type { StaffRole } from '@puljeflow/contracts';
import { StaffSession, StaffUser } from '@puljeflow/read-models';
import { problems } from '../http/problem';
import { DATA_SOURCE } from '../infrastructure/tokens';
import { bearerToken } from './principals';
import { sha256 } from './secrets';
import { UnauthenticatedLimiter } from './unauthenticated-limiter';

const ROLES = 'puljeflow:roles';
/** The staff roles allowed on a handler; a user needs at least one of them. `admin` alone grants nothing extra. */
export const Roles = (...roles: StaffRole[]) => SetMetadata(ROLES, roles);

/** Staff paths: a live session token (401 otherwise) and one of the handler's roles (403 otherwise). */
@Injectable()
export class StaffGuard implements CanActivate {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly reflector: Reflector,
    @Inject(UnauthenticatedLimiter) private readonly unauthenticated: UnauthenticatedLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw this.unauthenticated.refusal(request, 'Sign in and send the session token as `Authorization: Bearer <token>`.');
    const session = await this.db.getRepository(StaffSession).findOneBy({ tokenHash: sha256(token), expiresAt: MoreThan(new Date()) });
    if (!session) throw this.unauthenticated.refusal(request, 'The session is unknown, expired or ended; sign in again.');
    const user = await this.db.getRepository(StaffUser).findOneBy({ username: session.username, active: true });
    if (!user) throw this.unauthenticated.refusal(request, 'The account is disabled.');
    const roles = user.roles as StaffRole[];
    const needed = this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES, [context.getHandler(), context.getClass()]);
    if (needed && !needed.some((r) => roles.includes(r))) {
      throw problems.forbidden(`This needs one of the roles ${needed.join(', ')}; you have ${roles.join(', ') || 'none'}.`);
    }
    request.staff = { kind: 'staff', username: user.username, displayName: user.displayName, roles };
    return true;
  }
}
