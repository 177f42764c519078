import { Command, Option } from 'commander';
import { awsEndpointsDocument } from '../aws-endpoints-document.js';
import { regionOptionHelp } from '../aws-region.js';
import { type EndpointsDocument, endpointsDocument, formatEndpoints } from '../endpoints-document.js';
import { deployedServices, runningCloud, stateDirectory, workspaceRoot } from '../local-cloud-client.js';

export function endpointsCommand(): Command {
  return new Command('endpoints')
    .description('print the URLs of the scientist, its experiments, every function and the SDK endpoints')
    .option('--json', 'print the stable JSON document')
    .addOption(
      new Option('--target <target>', 'the running local cloud, or the stacks on AWS')
        .choices(['local', 'aws'])
        .default('local'),
    )
    .option('--stage <stage>', 'with --target aws: the stage', 'dev')
    .option('--region <region>', regionOptionHelp)
    .action(async (options: { json?: boolean; target: 'local' | 'aws'; stage: string; region?: string }) => {
      const warn = (line: string) => process.stderr.write(`scientist: ${line}\n`);
      let document: EndpointsDocument;
      if (options.target === 'aws') {
        document = await awsEndpointsDocument({ stage: options.stage, region: options.region, warn });
      } else {
        const state = await runningCloud(stateDirectory(workspaceRoot()));
        document = endpointsDocument(state, await deployedServices(state), state.root, warn);
      }
      process.stdout.write(
        options.json ? `${JSON.stringify(document, null, 2)}\n` : formatEndpoints(document),
      );
    });
}
