// Preloaded by the npm scripts (`node --import=./src/compile-cache.js …`) before
// any TypeScript is read: Node then keeps each module's stripped and compiled code
// on disk (checked against the source, so an edit recompiles that file). A worker
// started from the cache skips the type stripper and its WebAssembly heap: about
// 25 MB less resident memory and a third less start-up time. `npm install` fills
// the cache (the `prepare` script). Plain JavaScript, because it runs before the
// stripper would be loaded; a read-only install just runs without the cache.
import module from 'node:module';
import { join } from 'node:path';

module.enableCompileCache?.(
  join(import.meta.dirname, '..', 'node_modules', '.cache', 'complaint-radar'),
);
