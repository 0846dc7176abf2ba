/** Waiting for a service's run to end, from the events it pushed (tests of PlanService). */
import type { PlanEvent } from '../../engine/src/api/index.js';

/** The run's `run-finished` event; rejects with the message of its `run-failed` event. */
export function runFinished(events: readonly PlanEvent[], runId: string): Promise<PlanEvent> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const end = events.find((e) => (e.type === 'run-finished' || e.type === 'run-failed') && e.runId === runId);
      if (!end) return;
      clearInterval(timer);
      if (end.type === 'run-failed') reject(new Error(end.message));
      else resolve(end);
    }, 50);
  });
}
