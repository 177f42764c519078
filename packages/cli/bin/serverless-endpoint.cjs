// Preloaded into `serverless` (NODE_OPTIONS=--require) when AWS_ENDPOINT_URL is set: the framework's
// AWS SDK v2 does not read that variable as the SDK v3 clients of the scientist do, so this points
// every client it makes at the same endpoint (an AWS-compatible mock such as moto's server).
const path = require('node:path');

const endpoint = process.env.AWS_ENDPOINT_URL;
if (endpoint) {
  const serverlessDir = path.dirname(
    require.resolve('serverless/package.json', { paths: [process.cwd(), __dirname] }),
  );
  const from = { paths: [serverlessDir] };
  // As the framework itself does: the SDK v2's end-of-support notice is not for its users.
  require(require.resolve('aws-sdk/lib/maintenance_mode_message', from)).suppress = true;
  const sdk = require(require.resolve('aws-sdk', from));
  sdk.config.update({ endpoint, s3ForcePathStyle: true });
}
