// Mocha root hooks for the browser suite (loaded with --require): stop the shared workbench at the end.
import { stopWorkbench } from './workbench';

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopWorkbench();
  },
};
