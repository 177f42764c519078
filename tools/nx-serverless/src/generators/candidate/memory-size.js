// @ts-check
// A fork with another memory size (challenge 7): the one line of serverless.yml that differs.
import { parse, parseDocument } from 'yaml';
import { CandidateError } from './candidate-error.js';

/**
 * What is wrong with a memory size for Lambda, or undefined when nothing is.
 * @param {number} megabytes @returns {string | undefined}
 */
export function memorySizeProblem(megabytes) {
  return Number.isInteger(megabytes) && megabytes >= 128 && megabytes <= 10_240
    ? undefined
    : "Lambda's memory sizes are whole megabytes from 128 to 10240";
}

/**
 * The serverless.yml with `provider.memorySize` set: the line as written, the rest byte for byte.
 * @param {string} file for messages @param {string} text @param {number} memoryMb @returns {string}
 */
export function withMemorySize(file, text, memoryMb) {
  const provider = /^provider:\n((?:[ \t].*\n|\n)*)/m.exec(text);
  const line = provider ? /^([ \t]+memorySize:[ \t]*)\d+/m.exec(provider[1] ?? '') : null;
  let updated;
  if (provider && line) {
    const at = provider.index + 'provider:\n'.length + line.index;
    updated = `${text.slice(0, at)}${line[1]}${memoryMb}${text.slice(at + line[0].length)}`;
  } else {
    const document = parseDocument(text);
    document.setIn(['provider', 'memorySize'], memoryMb);
    updated = document.toString({ lineWidth: 110 });
  }
  if (Number(parse(updated)?.provider?.memorySize) !== memoryMb) {
    throw new CandidateError(`${file}: could not set provider.memorySize to ${memoryMb}`);
  }
  return updated;
}
