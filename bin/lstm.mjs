#!/usr/bin/env node
// The `lstm` executable: a thin wrapper around runCli from the built package (npm run build).
// In development, run the TypeScript directly: npx tsx src/cli/main.ts <command>.
let runCli;
try {
  ({ runCli } = await import('../dist/cli/main.js'));
} catch (error) {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write("lstm: dist/cli/main.js is missing; run 'npm run build' first (or use: npx tsx src/cli/main.ts)\n");
    process.exit(1);
  }
  throw error;
}
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
