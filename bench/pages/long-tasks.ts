/** Collects long tasks (> 50 ms) for the harness, which reads `window.__longTasks`. */
declare global {
  interface Window {
    __longTasks: number[];
  }
}

export function observeLongTasks(): void {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
}
