/**
 * Set to `true` in every function's environment when API Gateway listens on loopback only, so
 * that nothing beyond this machine can reach the deployment at all.
 */
export const LOOPBACK_ONLY_VARIABLE = 'LOCAL_CLOUD_LOOPBACK_ONLY';

/** The gateway's URL, in every function's environment. */
export const GATEWAY_URL_VARIABLE = 'LOCAL_CLOUD_GATEWAY_URL';
