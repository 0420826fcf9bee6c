/** Collects long tasks (> 50 ms) for the harness, which reads `window.__longTasks`. */
declare global {
  interface Window {
    __longTasks: { start: number; duration: number }[];
  }
}

export function observeLongTasks(): void {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    // Long tasks reach observers only; they are not kept in the performance timeline.
    for (const entry of list.getEntries())
      window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
}
