// The package export `hookscope/server`: embed hookscope in a test suite or another program.
export { startHookscope } from './start.js';
export type { HookscopeServer, StartOptions } from './start.js';
export type { Config } from './config.js';
