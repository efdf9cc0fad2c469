export * from './db';
export * from './processes';
export * from './tools';
