import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './transformers';

/** One municipality's standing in one pool: interest, allocation and commitment (tilsagn). */
@Entity({ name: 'pool_municipality_standing' })
export class PoolMunicipalityStanding {
  @PrimaryColumn({ name: 'pool_id', type: 'text' })
  poolId!: string;

  @PrimaryColumn({ name: 'municipality_code', type: 'text' })
  municipalityCode!: string;

  @Column({ name: 'requested_ore', type: 'bigint', transformer: bigintAsNumber })
  requestedOre!: number;

  @Column({ name: 'expected_participants', type: 'int', nullable: true })
  expectedParticipants!: number | null;

  @Column({ name: 'allocated_ore', type: 'bigint', transformer: bigintAsNumber, nullable: true })
  allocatedOre!: number | null;

  @Column({ name: 'committed_ore', type: 'bigint', transformer: bigintAsNumber })
  committedOre!: number;

  @Column({ name: 'commitment_status', type: 'text' })
  commitmentStatus!: 'none' | 'prepared' | 'issued';

  @Column({ name: 'prepared_amount_ore', type: 'bigint', transformer: bigintAsNumber, nullable: true })
  preparedAmountOre!: number | null;

  @Column({ name: 'prepared_by', type: 'text', nullable: true })
  preparedBy!: string | null;

  @Column({ name: 'issued_by', type: 'text', nullable: true })
  issuedBy!: string | null;

  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true })
  issuedAt!: Date | null;

  @Column({ name: 'courses_started', type: 'int' })
  coursesStarted!: number;

  @Column({ name: 'courses_rejected', type: 'int' })
  coursesRejected!: number;
}
