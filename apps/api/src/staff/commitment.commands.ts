import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommitmentService, type Outcome } from '@puljeflow/application';
import type { EventStore } from '@puljeflow/event-store';
import { EVENT_STORE } from '../infrastructure/tokens';

export class PrepareCommitment extends Command<Outcome> {
  constructor(
    readonly poolId: string,
    readonly municipalityCode: string,
    readonly by: string,
    readonly amountOre: number | undefined,
  ) {
    super();
  }
}

export class ApproveCommitment extends Command<Outcome> {
  constructor(
    readonly poolId: string,
    readonly municipalityCode: string,
    readonly by: string,
  ) {
    super();
  }
}

@CommandHandler(PrepareCommitment)
export class PrepareCommitmentHandler implements ICommandHandler<PrepareCommitment> {
  private readonly service: CommitmentService;
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.service = new CommitmentService(store);
  }
  execute(c: PrepareCommitment): Promise<Outcome> {
    return this.service.prepare({ poolId: c.poolId, municipalityCode: c.municipalityCode, by: c.by, at: new Date(), ...(c.amountOre !== undefined ? { amountOre: c.amountOre } : {}) });
  }
}

@CommandHandler(ApproveCommitment)
export class ApproveCommitmentHandler implements ICommandHandler<ApproveCommitment> {
  private readonly service: CommitmentService;
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.service = new CommitmentService(store);
  }
  execute(c: ApproveCommitment): Promise<Outcome> {
    return this.service.approve({ poolId: c.poolId, municipalityCode: c.municipalityCode, by: c.by, at: new Date() });
  }
}
