export const CONFIG = Symbol('CONFIG');
export const PG_POOL = Symbol('PG_POOL');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const CITIZEN_VAULT = Symbol('CITIZEN_VAULT');
export const VAULT_KEYS = Symbol('VAULT_KEYS');
