import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { MunicipalEventEnvelope, SubmissionResult } from '@puljeflow/contracts';
import { MunicipalEventService, submissionHashKey } from '@puljeflow/application';
import type { EventStore } from '@puljeflow/event-store';
import type { CitizenVault, VaultKeys } from '@puljeflow/personal-data';
import { CITIZEN_VAULT, EVENT_STORE, VAULT_KEYS } from '../infrastructure/tokens';

export class SubmitMunicipalEvents extends Command<SubmissionResult[]> {
  constructor(
    readonly municipalityCode: string,
    readonly events: MunicipalEventEnvelope[],
  ) {
    super();
  }
}

@CommandHandler(SubmitMunicipalEvents)
export class SubmitMunicipalEventsHandler implements ICommandHandler<SubmitMunicipalEvents> {
  private readonly service: MunicipalEventService;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(CITIZEN_VAULT) vault: CitizenVault, @Inject(VAULT_KEYS) keys: VaultKeys) {
    this.service = new MunicipalEventService(store, { vault, hashKey: submissionHashKey(keys.pseudonymKey) });
  }

  /** In order, one at a time: a later event of the batch may depend on an earlier one. */
  async execute(command: SubmitMunicipalEvents): Promise<SubmissionResult[]> {
    const results: SubmissionResult[] = [];
    for (const event of command.events) results.push(await this.service.submit(command.municipalityCode, event, new Date()));
    return results;
  }
}
