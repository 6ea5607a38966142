/** The Polydrive demo web app, for tests and embedding; `main.js` runs it. */
export { type DemoConfig, readDemoConfig } from './config/demo-config.js';
export { type Env, loadEnv } from './config/load-env.js';
export type {
  ConnectionMode,
  ConnectionState,
  ConnectionView,
} from './connections/connection.js';
export { type RunningDemo, type StartDemoOptions, startDemo } from './start-demo.js';
