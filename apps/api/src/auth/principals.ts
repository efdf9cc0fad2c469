import type { StaffRole } from '@puljeflow/contracts';

export interface MunicipalPrincipal {
  kind: 'municipality';
  municipalityCode: string;
  keyId: string;
}

export interface StaffPrincipal {
  kind: 'staff';
  username: string;
  displayName: string;
  roles: StaffRole[];
}

declare module 'fastify' {
  interface FastifyRequest {
    municipality?: MunicipalPrincipal;
    staff?: StaffPrincipal;
  }
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}
