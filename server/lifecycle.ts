export interface WatchOptions {
  /** When set (TRACELIGHT_PARENT_PID), stop once that process is gone. */
  parentPid?: string;
  exitOnStdinClose: boolean;
  stop: () => Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Stops the server on SIGTERM/SIGINT, and when its parent dies or its stdin closes, so tests leave no orphans. */
export function watchParent(options: WatchOptions): void {
  let stopping = false;
  const stopOnce = () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(0), 3000);
    force.unref();
    void options.stop();
  };
  process.once('SIGTERM', stopOnce);
  process.once('SIGINT', stopOnce);
  const parentPid = Number(options.parentPid);
  if (Number.isInteger(parentPid) && parentPid > 0) {
    const timer = setInterval(() => {
      if (!isAlive(parentPid)) stopOnce();
    }, 1000);
    timer.unref();
  }
  if (options.exitOnStdinClose) {
    process.stdin.on('end', stopOnce);
    process.stdin.on('close', stopOnce);
    process.stdin.resume();
  }
}
