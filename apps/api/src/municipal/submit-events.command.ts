import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { MunicipalEventEnvelope, SubmissionResult } from '@puljeflow/contracts';
import { CredentialsRefusedError, MunicipalEventService, SubmissionBatcher, submissionHashKey } from '@puljeflow/application';
import type { EventStore } from '@puljeflow/event-store';
import type { CitizenVault, VaultKeys } from '@puljeflow/personal-data';
import { ACTIVE_API_KEYS, ACTIVE_API_KEYS_REQUIRED } from '../auth/key-lookup';
import type { Config } from '../config';
import { problems } from '../http/problem';
import { CITIZEN_VAULT, CONFIG, EVENT_STORE, VAULT_KEYS } from '../infrastructure/tokens';

export class SubmitMunicipalEvents extends Command<SubmissionResult[]> {
  constructor(
    readonly municipalityCode: string,
    readonly events: MunicipalEventEnvelope[],
    /** The API key the request came with: it must still be valid in the transaction that decides the events. */
    readonly keyId: string,
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
    const service = new MunicipalEventService(store, {
      vault,
      hashKey: submissionHashKey(keys.pseudonymKey),
      credentialCheck: ACTIVE_API_KEYS,
      credentialRequirement: ACTIVE_API_KEYS_REQUIRED,
    });
    this.batcher = new SubmissionBatcher(service, {
      maxEvents: config.SUBMISSION_BATCH_MAX_EVENTS,
      concurrency: config.SUBMISSION_BATCH_CONCURRENCY,
      parallelFromEvents: config.SUBMISSION_BATCH_PARALLEL_FROM_EVENTS,
    });
  }

  /**
   * In order, each seeing the ones before it; concurrent requests share a transaction (group commit). The key is
   * checked unrevoked in that transaction (the guard took it from its cache): 401 if it was revoked since.
   */
  async execute(command: SubmitMunicipalEvents): Promise<SubmissionResult[]> {
    try {
      return await this.batcher.submit(command.municipalityCode, command.events, { credential: command.keyId });
    } catch (error) {
      if (error instanceof CredentialsRefusedError) throw problems.unauthenticated('The API key is unknown or revoked.');
      throw error;
    }
  }
}
