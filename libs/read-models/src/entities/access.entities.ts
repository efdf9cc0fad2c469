import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A municipality (kommune), 3-digit code. Reference data. */
@Entity({ name: 'municipalities' })
export class Municipality {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;
}

/** A municipal system's API key; only its SHA-256 hash is stored (keys are long random strings). */
@Entity({ name: 'api_keys' })
export class ApiKey {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'municipality_code', type: 'text' })
  municipalityCode!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'key_hash', type: 'text', unique: true })
  keyHash!: string;

  @Column({ name: 'key_prefix', type: 'text' })
  keyPrefix!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}

/** A back-office staff account (local accounts; an OIDC provider can replace them, see README). */
@Entity({ name: 'staff_users' })
export class StaffUser {
  @PrimaryColumn({ type: 'text' })
  username!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text', array: true })
  roles!: string[];

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}

/** A signed-in staff session; the bearer token is stored only as a SHA-256 hash. */
@Entity({ name: 'staff_sessions' })
export class StaffSession {
  @PrimaryColumn({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @Column({ type: 'text' })
  username!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
