#!/usr/bin/env node
// The stack's CLI runs its TypeScript sources directly, which needs Node >= 22.18 (type stripping).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `sejahtera-stack needs Node.js 22.18 or newer; this is ${process.version}.\n` +
      'Run it through npm (`npm run stack -- <command>`), which puts the project\'s Node 24 first on PATH.',
  );
  process.exit(1);
}
await import('../src/cli.ts');
