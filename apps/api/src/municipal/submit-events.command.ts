import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { MunicipalEventEnvelope, SubmissionResult } from '@puljeflow/contracts';
import { MunicipalEventService, SubmissionBatcher, submissionHashKey } from '@puljeflow/application';
import type { EventStore } from '@puljeflow/event-store';
import type { CitizenVault, VaultKeys } from '@puljeflow/personal-data';
import type { Config } from '../config';
import { CITIZEN_VAULT, CONFIG, EVENT_STORE, VAULT_KEYS } from '../infrastructure/tokens';

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
  private readonly batcher: SubmissionBatcher;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CITIZEN_VAULT) vault: CitizenVault,
    @Inject(VAULT_KEYS) keys: VaultKeys,
    @Inject(CONFIG) config: Config,
  ) {
    const service = new MunicipalEventService(store, { vault, hashKey: submissionHashKey(keys.pseudonymKey) });
    this.batcher = new SubmissionBatcher(service, {
      maxEvents: config.SUBMISSION_BATCH_MAX_EVENTS,
      concurrency: config.SUBMISSION_BATCH_CONCURRENCY,
      parallelFromEvents: config.SUBMISSION_BATCH_PARALLEL_FROM_EVENTS,
    });
  }

  /** In order, each seeing the ones before it; concurrent requests share a transaction (group commit). */
  execute(command: SubmitMunicipalEvents): Promise<SubmissionResult[]> {
    return this.batcher.submit(command.municipalityCode, command.events);
  }
}
