// Preloaded into the api (BENCH_API_CPU_PROF=<dir>) or the worker (BENCH_WORKER_CPU_PROF=<dir>) only when profiling:
// on SIGTERM exit normally, before NestJS's (or the worker's) own shutdown hook runs, so that --cpu-prof gets to write
// its profile.
process.once('SIGTERM', () => process.exit(0));
