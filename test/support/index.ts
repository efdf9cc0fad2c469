export * from './db';
export * from './processes';
export * from './tools';
export * from './own-postgres';
export * from './socket-writes';
export * from './openapi-validate';
export * from './raw-http';
