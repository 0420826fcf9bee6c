import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../../free-port';

/** Output kept per process: enough to explain a failure, bounded for chatty servers. */
const KEEP_CHARS = 20_000;

export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Gives up (and kills the command's process group) after this long. */
  timeoutMs: number;
}

/** Environment of every command: no telemetry, no keys from the developer's shell. */
function environment(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    NO_UPDATE_NOTIFIER: '1',
    OPENAI_API_KEY: '',
    ANTHROPIC_API_KEY: '',
    FORCE_COLOR: '0',
    ...extra,
  };
}

function collect(child: ChildProcess): () => string {
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-KEEP_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => output;
}

/** Kills the process group a command started (its own id: every child it spawned goes with it). */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

/** Runs a command to its end; rejects with its output when it fails or times out. */
export function run(command: string, args: string[], options: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: environment(options.env), detached: true });
    const output = collect(child);
    const timer = setTimeout(() => {
      killGroup(child);
      reject(new Error(`${command} ${args.join(' ')} timed out after ${options.timeoutMs} ms\n${output()}`));
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output());
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${output()}`));
    });
  });
}

export interface AppServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** What the server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  cwd: string;
  /** The command, given the port it must listen on (127.0.0.1). */
  command: (port: number) => [string, ...string[]];
  env?: Record<string, string | undefined>;
  /** A path that answers once the app is ready. */
  readyPath: string;
  timeoutMs?: number;
}

/** Starts a server on a free loopback port and waits until `readyPath` answers. */
export async function startServer(options: StartOptions): Promise<AppServer> {
  const port = await freePort();
  const [command, ...args] = options.command(port);
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: environment({ HOST: '127.0.0.1', PORT: String(port), ...options.env }),
    detached: true,
  });
  const output = collect(child);
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      killGroup(child);
    });
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}\n${output()}`);
    try {
      await fetch(url + options.readyPath, { signal: AbortSignal.timeout(2_000) });
      return { url, output, stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  await stop();
  throw new Error(`${command} ${args.join(' ')} did not answer on ${url}${options.readyPath} in time\n${output()}`);
}
