// The soak: traffic with three candidates for 10 minutes (by default), then RSS of every long-lived
// process at start and end, results recorded vs sent, and any lost. It lives with the scientist's
// benchmarks, whose kit it shares; this is the name the docs and the hardening notes use.
// Usage: node bench/soak.mjs [--minutes 10] [--rate 20] [--concurrency 4] [--no-build]
await import('./scientist/soak.mjs');
