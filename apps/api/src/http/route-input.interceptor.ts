import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { findRoute, validationErrors } from '@puljeflow/contracts';
import { pathOfNul } from './nul-text';
import { problems } from './problem';

/**
 * Every request's path parameters and query, validated against the schemas the route list gives its route (the
 * same ones the OpenAPI document is built from), after the guards and before the handler: a malformed id or query is
 * a 400 problem+json that reaches no handler, so it can change nothing. So is text holding U+0000 anywhere in the
 * request, which the database would refuse (a 500).
 */
@Injectable()
export class RouteInputInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const template = request.routeOptions?.url?.replace(/:(\w+)/g, '{$1}');
    const route = template ? findRoute(request.method, template) : undefined;
    if (route?.params) {
      const parsed = route.params.safeParse(request.params ?? {});
      if (!parsed.success) throw problems.validation('A path parameter is not valid (see errors).', validationErrors(parsed.error));
    }
    if (route?.query) {
      const parsed = route.query.safeParse(request.query ?? {});
      if (!parsed.success) throw problems.validation('The query is not valid (see errors).', validationErrors(parsed.error));
    }
    for (const [where, value] of [['path', request.params], ['query', request.query], ['body', request.body]] as const) {
      const at = pathOfNul(value);
      if (at !== undefined) throw problems.validation(`Text may not hold the NUL character (U+0000), found in the ${where}.`, [{ path: at, code: 'invalid_string', message: 'no U+0000' }]);
    }
    return next.handle();
  }
}
