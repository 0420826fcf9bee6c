/** Spawns one benchmark server per child process and samples its resident memory. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ChildServer {
  name: string;
  url: string;
  pid: number;
  /** Starts a fresh peak-memory window. */
  resetPeak(): void;
  /** Peak RSS in MiB since the last `resetPeak`. */
  peakRssMiB(): number;
  /** Current RSS in MiB. */
  rssMiB(): number;
  /** Closes the child's stdin and sends SIGTERM; `{ gently: true }` only closes stdin (the child exits itself, e.g. writing a profile). */
  stop(options?: { gently?: boolean }): Promise<void>;
}

/** User plus system CPU time of a process in ms, from /proc (clock ticks of 10 ms). */
export function readCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

function readRssKiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+)/.exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Starts `node [...nodeArgs]` and resolves once it prints `READY <port>` (stdout or stderr).
 * The child exits by itself when its stdin closes, so it never outlives the benchmark.
 */
export function startChild(
  name: string,
  nodeArgs: string[],
  env: Record<string, string> = {},
  startTimeoutMs = 15_000,
): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, nodeArgs, {
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${startTimeoutMs} ms:\n${output}`));
    }, startTimeoutMs);
    const onData = (data: Buffer) => {
      output += data.toString('utf8');
      const match = /READY (\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      // Keep draining so a chatty child never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.on('data', (d: Buffer) => {
        if (process.env.BENCH_DEBUG) process.stderr.write(`[${name}] ${d}`);
      });
      resolve(makeHandle(name, child, Number(match[1])));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was ready:\n${output}`));
    });
  });
}

function makeHandle(name: string, child: ChildProcess, port: number): ChildServer {
  const pid = child.pid ?? 0;
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, readRssKiB(pid));
  }, 100);
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    pid,
    resetPeak: () => {
      peak = readRssKiB(pid);
    },
    peakRssMiB: () => Math.max(peak, readRssKiB(pid)) / 1024,
    rssMiB: () => readRssKiB(pid) / 1024,
    stop: (options = {}) =>
      new Promise<void>((resolve) => {
        clearInterval(sampler);
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), options.gently ? 30_000 : 3_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.stdin?.end();
        if (!options.gently) child.kill('SIGTERM');
      }),
  };
}
