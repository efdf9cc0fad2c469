import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommitmentService, approveCommitmentReduction, prepareCommitmentReduction, type Outcome } from '@puljeflow/application';
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

export class PrepareReduction extends Command<Outcome> {
  constructor(
    readonly poolId: string,
    readonly municipalityCode: string,
    readonly by: string,
    readonly newAmountOre: number,
    readonly reason: string,
  ) {
    super();
  }
}

export class ApproveReduction extends Command<Outcome> {
  constructor(
    readonly poolId: string,
    readonly municipalityCode: string,
    readonly by: string,
  ) {
    super();
  }
}

@CommandHandler(PrepareReduction)
export class PrepareReductionHandler implements ICommandHandler<PrepareReduction> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  execute(c: PrepareReduction): Promise<Outcome> {
    return prepareCommitmentReduction(this.store, { poolId: c.poolId, municipalityCode: c.municipalityCode, by: c.by, at: new Date(), newAmountOre: c.newAmountOre, reason: c.reason });
  }
}

@CommandHandler(ApproveReduction)
export class ApproveReductionHandler implements ICommandHandler<ApproveReduction> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  execute(c: ApproveReduction): Promise<Outcome> {
    return approveCommitmentReduction(this.store, { poolId: c.poolId, municipalityCode: c.municipalityCode, by: c.by, at: new Date() });
  }
}

/** Every handler of this file, for the module's providers. */
export const commitmentCommandHandlers = [PrepareCommitmentHandler, ApproveCommitmentHandler, PrepareReductionHandler, ApproveReductionHandler];
