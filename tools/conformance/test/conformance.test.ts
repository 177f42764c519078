import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DeployedService, type LocalCloud, startLocalCloud } from '@serverless-scientist/local-cloud';
import { findServiceFiles, readService } from '@serverless-scientist/nx-serverless';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ask, expectedFor, type FunctionCases, readCases } from './function-cases.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const functionNames = ['round', 'sort', 'fizzbuzz', 'pbkdf2'];
const cases = Object.fromEntries(functionNames.map((name) => [name, readCases(root, name)])) as Record<
  string,
  FunctionCases
>;
const variants = findServiceFiles(root).map((file) => readService(root, file));
const scratch = mkdtempSync(path.join(tmpdir(), 'conformance-'));
const deployed = new Map<string, DeployedService>();
let cloud: LocalCloud | undefined;

/**
 * Each fizzbuzz skeleton with its reference solution laid over it, renamed `solution-fizzbuzz-<lang>`
 * so it deploys beside the skeleton: the solutions must answer every case exactly.
 */
function solvedSkeletons(): string[] {
  const skeletons = cases.fizzbuzz!.skeletons!;
  cpSync(path.join(root, 'functions/pom.xml'), path.join(scratch, 'functions/pom.xml'));
  return skeletons.variants.map((service) => {
    const skeleton = variants.find((variant) => variant.name === service)!;
    const language = skeleton.language;
    const dir = path.join(scratch, 'functions/fizzbuzz', `solution-${language}`);
    const skip = new Set(['target', 'bootstrap', '.serverless', '__pycache__', '.pytest_cache']);
    cpSync(path.join(root, skeleton.root), dir, {
      recursive: true,
      filter: (from) => !skip.has(path.basename(from)),
    });
    cpSync(path.join(root, skeletons.solutions, language), dir, { recursive: true });
    for (const file of ['serverless.yml', 'pom.xml', 'go.mod']) {
      const target = path.join(dir, file);
      if (readdirSync(dir).includes(file) && statSync(target).isFile()) {
        writeFileSync(
          target,
          readFileSync(target, 'utf8').replaceAll(service, `solution-fizzbuzz-${language}`),
        );
      }
    }
    return dir;
  });
}

/** Deploys with at most `width` deployments at a time: builds share two cores. */
async function deployAll(dirs: string[], width = 2): Promise<void> {
  const queue = [...dirs];
  const worker = async () => {
    for (let dir = queue.shift(); dir !== undefined; dir = queue.shift()) {
      const service = await cloud!.deploy(dir);
      deployed.set(service.service, service);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}

beforeAll(async () => {
  cloud = await startLocalCloud({
    root,
    port: 0,
    stateDir: path.join(scratch, '.scientist'),
    persist: false,
  });
  await deployAll([...variants.map((variant) => path.join(root, variant.root)), ...solvedSkeletons()]);
});

afterAll(async () => {
  await cloud?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

function routeOf(service: string): string {
  const deployment = deployed.get(service);
  if (!deployment) throw new Error(`${service} was not deployed`);
  return deployment.routes[0]!.url;
}

/** Every case, asked of one variant; the differences, case by case (an empty list when it conforms). */
async function differences(functionName: string, service: string) {
  const found: { case: string; expected: unknown; actual: unknown }[] = [];
  for (const functionCase of cases[functionName]!.cases) {
    const expected = expectedFor(cases[functionName]!, functionCase, service);
    const actual = await ask(routeOf(service), functionCase);
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      found.push({ case: functionCase.name, expected, actual });
  }
  return found;
}

describe.each(functionNames)('%s', (functionName) => {
  const services = [
    ...variants.filter((variant) => variant.functionName === functionName).map((variant) => variant.name),
    ...(functionName === 'fizzbuzz'
      ? cases.fizzbuzz!.skeletons!.variants.map((s) => s.replace('candidate-', 'solution-'))
      : []),
  ];

  test.each(services)('%s answers every case, deviating only where its README says', async (service) => {
    expect(await differences(functionName, service)).toEqual([]);
  });

  test('every deviation in cases.json names one of its variants', () => {
    const named = cases[functionName]!.cases.flatMap((c) => Object.keys(c.deviations ?? {}));
    expect(named.filter((service) => !services.includes(service))).toEqual([]);
  });
});

test("the tutorial's direct requests: control-round and candidate-round-python3-round differ at 62.5", async () => {
  const at625 = async (service: string) => (await fetch(`${routeOf(service)}?number=62.5`)).text();
  expect(await at625('control-round')).toBe('63');
  expect(await at625('candidate-round-python3-round')).toBe('62');
  expect(await at625('candidate-round-python3-math')).toBe('63');
});
