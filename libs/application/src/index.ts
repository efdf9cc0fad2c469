export * from './canonical-json';
export * from './commitment.service';
export * from './municipal-events.service';
export * from './pool.service';
export * from './streams';
