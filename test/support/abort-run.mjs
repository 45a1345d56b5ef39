// A library user's process: runConformance against the target the parent sends, aborted when the parent says
// so; prints the verdict, the exit code and the report's interruption as JSON.
import { runConformance } from '../../dist/src/index.js';

const controller = new AbortController();
process.on('message', async (message) => {
  if (message === 'abort') {
    controller.abort();
    return;
  }
  const { target, projectId } = message;
  const { verdict, exitCode, report } = await runConformance({
    target,
    projectId,
    token: process.env.KMSCT_TOKEN,
    signal: controller.signal,
  });
  process.stdout.write(JSON.stringify({ verdict, exitCode, interrupted: report.summary.interrupted }));
  process.disconnect();
});
