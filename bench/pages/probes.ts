/**
 * What the harness reads from a render-cost page: long tasks (> 50 ms, `window.__longTasks`)
 * and the start time of every animation frame (`window.__frames`), from load on.
 */
declare global {
  interface Window {
    __longTasks: { start: number; duration: number }[];
    __frames: number[];
  }
}

/** Starts both probes; call it first thing in a page. */
export function observePage(): void {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    // Long tasks reach observers only; they are not kept in the performance timeline.
    for (const entry of list.getEntries())
      window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  // A frame's start time per frame the page produced: the gaps between them are frame times
  // as a reader sees them (a gap over 16.7 ms is a dropped frame).
  window.__frames = [];
  const frame = (time: number) => {
    window.__frames.push(time);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
