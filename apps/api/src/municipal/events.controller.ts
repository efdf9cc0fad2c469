import { Body, Controller, HttpCode, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { MAX_EVENTS_PER_REQUEST, MUNICIPAL_EVENT_TYPES, SubmitEventsRequestSchema, validationErrors } from '@puljeflow/contracts';
import { KeyRevocationCheckedWithTheWrite, MunicipalKeyGuard } from '../auth/municipal-key.guard';
import { problems } from '../http/problem';
import { SubmitMunicipalEvents } from './submit-events.command';

@Controller('api/v1/municipalities/:municipalityCode/events')
@UseGuards(MunicipalKeyGuard)
export class MunicipalEventsController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /** docs/municipal-api.md "Sending events": 1–500 events, each decided on its own and in order. */
  @Post()
  @KeyRevocationCheckedWithTheWrite()
  @HttpCode(200)
  async submit(@Param('municipalityCode') municipalityCode: string, @Body() body: unknown, @Req() request: FastifyRequest) {
    const events = (body as { events?: unknown } | null)?.events;
    if (Array.isArray(events) && events.length > MAX_EVENTS_PER_REQUEST) {
      throw problems.tooLarge(`A request carries at most ${MAX_EVENTS_PER_REQUEST} events; this one has ${events.length}. Split it, or use the imports endpoint.`);
    }
    const parsed = SubmitEventsRequestSchema.safeParse(body);
    if (!parsed.success) {
      throw problems.validation(
        `The body must be { "events": [ { eventId, type, occurredAt, data } ] } with 1 to ${MAX_EVENTS_PER_REQUEST} events; type is one of ${MUNICIPAL_EVENT_TYPES.join(', ')}. Nothing was recorded.`,
        validationErrors(parsed.error),
      );
    }
    const results = await this.commands.execute(new SubmitMunicipalEvents(municipalityCode, parsed.data.events, request.municipality!.keyId));
    return { results };
  }
}
