import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './transformers';

/** One decision about a course, as the municipality and auditors read it back. */
export interface CourseDecisionView {
  type: string;
  outcome: 'accepted' | 'rejected';
  decidedAt: string;
  reasons: { code: string; message: string }[];
  basis?: Record<string, unknown>;
}

/** A municipality's course (påbegyndt forløb): its status and every decision about it. No CPR number: a pseudonym. */
@Entity({ name: 'course_view' })
export class CourseView {
  @PrimaryColumn({ name: 'municipality_code', type: 'text' })
  municipalityCode!: string;

  @PrimaryColumn({ name: 'course_id', type: 'text' })
  courseId!: string;

  @Column({ name: 'pool_id', type: 'text', nullable: true })
  poolId!: string | null;

  @Column({ type: 'text' })
  status!: 'started' | 'cancelled' | 'completed' | 'rejected';

  @Column({ name: 'citizen_pseudonym', type: 'text', nullable: true })
  citizenPseudonym!: string | null;

  @Column({ name: 'target_group', type: 'text', nullable: true })
  targetGroup!: string | null;

  @Column({ name: 'start_date', type: 'date', nullable: true })
  startDate!: string | null;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate!: string | null;

  @Column({ type: 'text', nullable: true })
  category!: string | null;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ type: 'text', nullable: true })
  provider!: string | null;

  @Column({ name: 'estimated_cost_ore', type: 'bigint', transformer: bigintAsNumber, nullable: true })
  estimatedCostOre!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  employer!: Record<string, unknown> | null;

  @Column({ name: 'cancelled_on', type: 'date', nullable: true })
  cancelledOn!: string | null;

  @Column({ name: 'completed_on', type: 'date', nullable: true })
  completedOn!: string | null;

  @Column({ type: 'boolean', nullable: true })
  employed!: boolean | null;

  @Column({ type: 'jsonb' })
  decisions!: CourseDecisionView[];
}
