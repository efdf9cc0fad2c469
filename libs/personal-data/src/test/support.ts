// Fresh databases come from @puljeflow/test-support (a leaf library every project's specs may use).
export { createFreshDatabase } from '@puljeflow/test-support';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
