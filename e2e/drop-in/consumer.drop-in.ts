import { consumerSuite, EXPRESS_REACT18, VITE_REACT19 } from './support/consumer-apps';

// The tarballs installed with npm into fresh Vite + React 19 and Express 5 + React 18.3 apps
// (express.json(), morgan and compression in front of the handler mounted at /api), each built
// strictly and driven in Chromium. The Next.js app is the `next` project (next-example.drop-in.ts).
consumerSuite([VITE_REACT19, EXPRESS_REACT18]);
