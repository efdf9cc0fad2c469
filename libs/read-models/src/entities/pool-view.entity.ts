import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './transformers';

/** A pool as the back office and the public list show it (projection of the `pool-<poolId>` stream). */
@Entity({ name: 'pool_view' })
export class PoolView {
  @PrimaryColumn({ name: 'pool_id', type: 'text' })
  poolId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  status!: 'open' | 'allocated';

  @Column({ name: 'definition_version', type: 'int' })
  definitionVersion!: number;

  @Column({ type: 'jsonb' })
  definition!: Record<string, unknown>;

  @Column({ name: 'commitments_ore', type: 'bigint', transformer: bigintAsNumber })
  commitmentsOre!: number;

  @Column({ name: 'interest_deadline', type: 'timestamptz' })
  interestDeadline!: Date;

  @Column({ name: 'allocated_at', type: 'timestamptz', nullable: true })
  allocatedAt!: Date | null;

  @Column({ name: 'lapsed_ore', type: 'bigint', transformer: bigintAsNumber, nullable: true })
  lapsedOre!: number | null;

  @Column({ name: 'starts_closed_at', type: 'timestamptz', nullable: true })
  startsClosedAt!: Date | null;

  @Column({ name: 'grace_ended_at', type: 'timestamptz', nullable: true })
  graceEndedAt!: Date | null;

  @Column({ type: 'int' })
  amendments!: number;
}
