export { type NodeListener, type NodeListenerOptions, toNodeListener, type WebHandler } from './listener.js';
export { clientAddress } from './request.js';
export { type NodeServer, SERVE_NODE_DEFAULTS, type ServeNodeOptions, serveNode } from './serve.js';
export { type NodeTransportOptions, nodeTransport } from './transport.js';
