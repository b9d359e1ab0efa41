// Entry of the worker thread that runs a roster import (import-in-worker.ts): a worker starts
// without the main thread's TypeScript loader, so it registers its own before loading the code.
import { register } from 'tsx/esm/api';

register();
await import('./roster-import-thread.ts');
