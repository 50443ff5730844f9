// The API's traces saved as fixtures (app WebUiTraceFixturesTest). ATTNFLOW_TRACE_FIXTURES names another file: that
// test points it at the traces the API gave in the same run, so JavaScript and Java are compared on this machine's
// own numbers (the forward pass's last bits differ between CPUs); without it, the committed copy.
import { readFileSync } from 'node:fs';

/** The fixtures file, parsed. */
export function traceFixtures() {
  const path = process.env.ATTNFLOW_TRACE_FIXTURES || new URL('./fixtures/traces.json', import.meta.url);
  return JSON.parse(readFileSync(path, 'utf8'));
}
