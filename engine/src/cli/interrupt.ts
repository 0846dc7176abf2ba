/**
 * Ctrl-C (SIGINT) and SIGTERM during a run: the first asks the run to stop at the end of the
 * current generation (it writes a checkpoint and exits with code 130); a second Ctrl-C quits at
 * once, leaving the last checkpoint in place.
 */
export interface StopHandle {
  signal: AbortSignal;
  dispose(): void;
}

export const INTERRUPTED_EXIT_CODE = 130;

export function installStopHandlers(onFirst: (signal: NodeJS.Signals) => void): StopHandle {
  const controller = new AbortController();
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      process.stderr.write('\nStopped at once; the run folder keeps its last checkpoint.\n');
      process.exit(INTERRUPTED_EXIT_CODE);
    }
    controller.abort(signal);
    onFirst(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
