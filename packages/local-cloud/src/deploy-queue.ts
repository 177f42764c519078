/**
 * Deploys run one at a time, so two deploys of one service cannot interleave; a failed deploy is
 * its caller's to handle and does not stop the ones queued after it.
 */
export class DeployQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(deploy: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(deploy);
    // The caller gets the failure through `next`; the queue only waits for it to settle.
    this.#tail = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }
}
