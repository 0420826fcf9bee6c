// Preloaded into the Portkey gateway's process: its `serve({ port })` binds every interface;
// benchmark servers must bind 127.0.0.1 only. Also announces the port like the other children.
import { Server } from 'node:net';

const listen = Server.prototype.listen;
Server.prototype.listen = function patchedListen(...args) {
  if (typeof args[0] === 'object' && args[0] !== null) args[0] = { ...args[0], host: '127.0.0.1' };
  else if (typeof args[0] === 'number') {
    if (typeof args[1] === 'string' || args[1] === undefined) args[1] = '127.0.0.1';
    else args.splice(1, 0, '127.0.0.1');
  }
  this.once('listening', () => {
    process.stdin.on('end', () => process.exit(0));
    process.stdin.resume();
    // Portkey prints a banner after a 1 s spinner; READY goes to stderr so the parent can find it early.
    process.stderr.write(`READY ${this.address().port}\n`);
  });
  return listen.apply(this, args);
};
