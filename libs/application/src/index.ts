export * from './canonical-json';
export * from './commitment.service';
export * from './municipal-events.service';
export * from './pool-workflows';
export * from './pool.service';
export * from './streams';
