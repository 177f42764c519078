import type { DeployedService, LocalCloud } from '@serverless-scientist/local-cloud';
import { checkExperiments, openStore, publishExperiments } from '@serverless-scientist/scientist';
import { runTraffic } from '@serverless-scientist/traffic';
import { endpointsDocument } from './endpoints-document.js';
import { countLine, defaultExperimentsFile, problemsError, readExperimentsFile } from './experiments-file.js';
import { storedChangesMissing } from './stored-changes-guard.js';
import { trafficTargets } from './traffic-targets.js';

export interface AfterDeployContext {
  root: string;
  cloud: LocalCloud;
  /** Every service that deployed, the scientist last when it is among them. */
  services: readonly DeployedService[];
  traffic: boolean;
  log: (line: string) => void;
  /** Aborted when the cloud is about to stop: long-running steps (traffic) end with it. */
  signal: AbortSignal;
}

/** A step `scientist up` runs once every service is deployed. */
export type AfterDeployStep = (context: AfterDeployContext) => Promise<void>;

/**
 * Uploads the default experiments file into the started local cloud (a `scientist up` step). A
 * store kept from an earlier run may hold what a rollout promoted since the file was written:
 * then the stored version stays, as `experiments upload` would refuse the file too.
 */
export const uploadExperiments: AfterDeployStep = async ({ root, cloud, services, log }) => {
  if (!services.some((service) => service.service === 'scientist')) return;
  const { shown, source } = readExperimentsFile(defaultExperimentsFile(root));
  const store = openStore({ endpoint: cloud.endpoints.dynamodb });
  try {
    const check = checkExperiments(source, shown);
    if (!check.ok) throw problemsError(shown, check.problems, 'not uploaded');
    const unpulled = await storedChangesMissing(store, shown, check.source, check.experiments, undefined);
    if (unpulled) {
      for (const line of unpulled.lines) log(line);
      log(
        `kept stored version ${unpulled.newest} instead of uploading ${shown}: \`scientist experiments pull\` writes it to the file`,
      );
      return;
    }
    const { published } = await publishExperiments(store, source, { file: shown });
    log(`uploaded ${shown} as version ${published?.version} (${countLine(check.experiments)})`);
  } finally {
    store.destroy();
  }
};

/** Production traffic while `scientist up` runs: gentle enough for a laptop, steady enough for verdicts. */
const productionTraffic = { ratePerSecond: 2, durationSeconds: 7 * 24 * 3600 } as const;

/** Starts production traffic once the experiments are uploaded (unless `--no-traffic`). */
export const startProductionTraffic: AfterDeployStep = async ({ root, cloud, traffic, log, signal }) => {
  if (!traffic) return;
  const document = endpointsDocument({ endpoints: cloud.endpoints }, cloud.services(), root, () => undefined);
  const targets = trafficTargets(document.experiments, []);
  log(
    `production traffic: ${productionTraffic.ratePerSecond} requests/s to ${targets.map((t) => t.name).join(', ')} (off with --no-traffic)`,
  );
  runTraffic({ targets, ...productionTraffic, seed: Date.now() % 1_000_000, signal }).catch((error: Error) =>
    log(`production traffic stopped: ${error.message}`),
  );
};
