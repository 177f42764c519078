import { Command } from 'commander';
import { endpointsDocument, formatEndpoints } from '../endpoints-document.js';
import { deployedServices, runningCloud, stateDirectory, workspaceRoot } from '../local-cloud-client.js';

export function endpointsCommand(): Command {
  return new Command('endpoints')
    .description('print the URLs of the scientist, its experiments, every function and the SDK endpoints')
    .option('--json', 'print the stable JSON document')
    .action(async (options: { json?: boolean }) => {
      const state = await runningCloud(stateDirectory(workspaceRoot()));
      const document = endpointsDocument(state, await deployedServices(state), state.root, (line) =>
        process.stderr.write(`scientist: ${line}\n`),
      );
      process.stdout.write(
        options.json ? `${JSON.stringify(document, null, 2)}\n` : formatEndpoints(document),
      );
    });
}
