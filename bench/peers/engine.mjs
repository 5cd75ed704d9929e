// "Activation Lab": this engine, driven through its public API (dist/core.cjs): `lab.createTrainer(spec,
// { backend: 'cpu' })` and `trainer.step()` for W1–W4, `lab.matmul` for the kernel rows.
import { specOf } from '../workloads.mjs';

export const label = 'Activation Lab (cpu backend)';

/** Why the engine cannot train here, or null: dist/core.cjs must export createTrainer (API.md). */
export function unavailableReason(lab) {
  return typeof lab.createTrainer === 'function' ? null : 'engine not built yet (dist/core.cjs has no createTrainer)';
}

/** A W-workload trainer; `metricsEvery` keeps the training-set diagnostics (API.md) out of the timed steps. */
export async function createTrainer(lab, workload, metricsEvery) {
  const trainer = await lab.createTrainer(specOf(workload, metricsEvery), { backend: 'cpu' });
  return {
    isAsync: true,
    async step() {
      const entry = await trainer.step();
      return entry.loss;
    },
    dispose() {
      trainer.dispose();
    },
  };
}
