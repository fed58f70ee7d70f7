import { createRequire, registerHooks } from 'node:module';
import type TwitterText from 'twitter-text';

/**
 * twitter-text 3 is Babel output that loads core-js 2 polyfills for ES2015.
 * Node 24 has all of ES2015 natively, and one of those polyfills
 * (es6.regexp.split) knocks V8's regular expressions off their fast path for
 * the whole process: every split and replace in the bot, the database driver's
 * included, ran up to ten times slower. So while twitter-text loads, its
 * polyfills resolve to an empty module; everything else loads as usual.
 */
const EMPTY = 'complaint-radar:no-polyfill';
const hooks = registerHooks({
  resolve(specifier, context, next) {
    if (specifier.startsWith('core-js/modules/'))
      return { url: EMPTY, format: 'commonjs', shortCircuit: true };
    return next(specifier, context);
  },
  load(url, context, next) {
    if (url === EMPTY) return { format: 'commonjs', source: '', shortCircuit: true };
    return next(url, context);
  },
});
const twitterText = createRequire(import.meta.url)('twitter-text') as typeof TwitterText;
hooks.deregister();

export default twitterText;
