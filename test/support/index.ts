export * from './db';
export * from './tools';
