import { consumerSuite, NEXT_EXAMPLE } from './support/consumer-apps';

// apps/next as a user gets it: the tarballs installed with npm, `next build` (type-check
// included), `next start`; the server-component page is the README's quick start, the catch-all
// route serves cascade and health, on Node and on the edge runtime. One build serves both the
// example app's check and the consumer test's Next.js app.
consumerSuite([NEXT_EXAMPLE]);
