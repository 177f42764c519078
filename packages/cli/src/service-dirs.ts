import { existsSync } from 'node:fs';
import path from 'node:path';
import { CliError } from './cli-error.js';
import { discoverServices } from './local-cloud-client.js';

/** The service directories a command works on: those given, else the current one when it holds a service, else every service. */
export async function serviceDirs(dirs: string[], root: string): Promise<string[]> {
  if (dirs.length > 0) {
    return dirs.map((dir) => {
      const resolved = path.resolve(dir);
      if (!existsSync(path.join(resolved, 'serverless.yml')))
        throw new CliError(`no serverless.yml in ${resolved}`);
      return resolved;
    });
  }
  if (existsSync(path.join(process.cwd(), 'serverless.yml'))) return [process.cwd()];
  return discoverServices(root);
}
