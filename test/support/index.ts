export * from './db';
export * from './processes';
export * from './system';
export * from './tools';
