/** Debian's Chromium through playwright-core, with the project's flags (vite.shared.ts). */
import { type Browser, chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../../vite.shared';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true, timeout: 30_000 });
}
