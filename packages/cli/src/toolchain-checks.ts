import { allRuntimeLaunchers } from '@serverless-scientist/local-cloud';
import { installFor, prerequisites, runtimeInstalls } from './prerequisites.js';

/** One line of `scientist doctor`: what was checked, how it went, and how to fix it. */
export interface DoctorCheck {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  /** One line saying how to fix it; absent when ok. */
  fix?: string;
}

function toolchainFix(language: string): string {
  const install = runtimeInstalls[language];
  return install ? installFor(install) : 'install its toolchain';
}

/** The build and test tools beyond the runtimes; `forTests` makes each missing one a failure. */
export async function prerequisiteChecks(forTests: boolean): Promise<DoctorCheck[]> {
  return Promise.all(
    prerequisites.map(async (tool): Promise<DoctorCheck> => {
      try {
        return { name: tool.name, status: 'ok', detail: await tool.find() };
      } catch (error) {
        return {
          name: tool.name,
          status: forTests || tool.requiredToRun ? 'fail' : 'warn',
          detail: `${(error as Error).message}; needed for ${tool.neededFor}`,
          fix: installFor(tool.install),
        };
      }
    }),
  );
}

export async function toolchainChecks(): Promise<DoctorCheck[]> {
  return Promise.all(
    allRuntimeLaunchers.map(async (launcher): Promise<DoctorCheck> => {
      const name = `runtime ${launcher.language}`;
      try {
        const { ok, detail } = await launcher.toolchain();
        return ok
          ? { name, status: 'ok', detail }
          : {
              name,
              status: 'fail',
              detail,
              fix: toolchainFix(launcher.language),
            };
      } catch (error) {
        return {
          name,
          status: 'fail',
          detail: (error as Error).message,
          fix: toolchainFix(launcher.language),
        };
      }
    }),
  );
}

/** What `npm test` needs before it starts: every toolchain and test tool, each missing one a failure. */
export async function runTestPrerequisites(): Promise<DoctorCheck[]> {
  return [...(await toolchainChecks()), ...(await prerequisiteChecks(true))];
}
