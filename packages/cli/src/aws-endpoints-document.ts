import { awsRegion } from './aws-region.js';
import { cloudFormation, describeStack, functionUrl, isDeployed, serviceFor } from './aws-stacks.js';
import { type EndpointsDocument, experimentUrls } from './endpoints-document.js';
import { discoverServices, workspaceRoot } from './local-cloud-client.js';

/** The service whose functions are the scientist's: proxy, runner, rollout evaluator and data API. */
const scientistService = 'scientist';

/**
 * The same document for what is deployed on AWS: every URL comes from a stack's outputs
 * (ServiceEndpoint for REST APIs, HttpApiUrl for HTTP APIs); services not deployed are left out.
 */
export async function awsEndpointsDocument(options: {
  stage: string;
  region?: string;
  root?: string;
  warn?: (line: string) => void;
}): Promise<EndpointsDocument> {
  const root = options.root ?? workspaceRoot();
  const region = awsRegion(options.region);
  const client = cloudFormation(region);
  try {
    const stacks = await Promise.all(
      (await discoverServices(root)).map(async (dir) =>
        describeStack(client, await serviceFor(dir, options.stage, region)),
      ),
    );
    const deployed = stacks.filter(isDeployed);
    const scientist = deployed.find((stack) => stack.service === scientistService);
    const scientistUrl = scientist?.outputs.ServiceEndpoint?.replace(/\/+$/, '') ?? null;
    const functions: EndpointsDocument['functions'] = {};
    for (const stack of deployed) {
      for (const fn of stack.definition.functions) {
        functions[fn.name] = {
          url: functionUrl(stack, fn.name),
          runtime: fn.runtime,
          memorySize: fn.memorySizeMb,
        };
      }
    }
    const endpoint = process.env.AWS_ENDPOINT_URL;
    return {
      scientist: scientistUrl,
      dashboard: scientistUrl ? `${scientistUrl}/_scientist/` : null,
      experiments: scientistUrl ? experimentUrls(scientistUrl, root, options.warn ?? (() => undefined)) : {},
      functions,
      aws: {
        lambda: process.env.AWS_ENDPOINT_URL_LAMBDA ?? endpoint ?? `https://lambda.${region}.amazonaws.com`,
        dynamodb:
          process.env.AWS_ENDPOINT_URL_DYNAMODB ?? endpoint ?? `https://dynamodb.${region}.amazonaws.com`,
      },
    };
  } finally {
    client.destroy();
  }
}
