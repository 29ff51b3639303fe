/** Operator-facing failure: print each line, exit 2 (configuration), no stack trace. */
export function fail(lines: readonly string[]): never {
  for (const line of lines) process.stderr.write(`thrice: ${line}\n`);
  process.exit(2);
}
