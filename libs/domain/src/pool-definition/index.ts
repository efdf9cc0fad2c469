import { mangelpulje2017 } from './mangelpulje-2017';
import { mangelpulje2019 } from './mangelpulje-2019';
import type { PoolDefinition } from './schema';

export * from './schema';
export { demoPoolDefinition, DEMO_SPEED_AFTER_INTEREST, type DemoOptions } from './demo';
export { mangelpulje2017, mangelpulje2019 };

/** The historical pools, oldest first (the demo pool is made from the clock at start, by demoPoolDefinition). */
export const allPoolDefinitions: readonly PoolDefinition[] = [mangelpulje2017, mangelpulje2019];
