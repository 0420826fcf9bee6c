export { createNodeFetch, type NodeFetchOptions, nodeFetch } from '../node-fetch.js';
export { type NodeListener, type NodeListenerOptions, toNodeListener, type WebHandler } from './listener.js';
export { type NodeServer, serveNode } from './serve.js';
