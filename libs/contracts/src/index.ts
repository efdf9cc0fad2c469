export * from './municipal-events';
export * from './problem';
export * from './staff';
