import { test } from '@playwright/test';
import { draftThenFinal, healthNotice, stopThenContinue } from './chat-checks';
import type { AppServer } from './processes';

/** A chat page of an app under test, with the cascade endpoint and health route it uses. */
export interface ChatPage {
  path: string;
  endpoint: string;
  health: string;
}

/** The README's quick start page on /api, and the Next example's edge-runtime page. */
export const NODE_PAGE: ChatPage = { path: '/', endpoint: '/api/cascade', health: '/api/health' };
export const EDGE_PAGE: ChatPage = { path: '/edge', endpoint: '/api/edge/cascade', health: '/api/edge/health' };

/**
 * The chat checks for each page, in order (call inside a serial describe): the first turn opens
 * the breaker the health check then expects.
 */
export function chatTests(server: () => Promise<AppServer>, pages: ChatPage[]): void {
  for (const { path, endpoint, health } of pages) {
    const at = path === '/' ? '' : ` (${path})`;
    test(`a message shows the draft, then the final answer${at}`, async ({ page }) => {
      const { url } = await server();
      await draftThenFinal(page, url + path, endpoint);
    });
    test(`the health notice names the model whose circuit opened${at}`, async ({ page }) => {
      const { url } = await server();
      await healthNotice(page, url + path, url + health);
    });
    test(`stop ends the turn, and the next message is answered${at}`, async ({ page }) => {
      const { url } = await server();
      await stopThenContinue(page, url + path);
    });
  }
}
