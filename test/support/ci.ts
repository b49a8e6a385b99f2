// One meaning of "running in CI" for every test: unit, integration, the host suite (inside the
// extension host), the UI suite and their harnesses. CI is on when the variable CI is set to
// anything but '', '0' or 'false' (any case): GitHub Actions and GitLab set 'true', some runners
// '1'. In CI a test whose tool or feature is missing fails; elsewhere it skips and says why on one line.

/** True when CI is set to anything but '', '0' or 'false'. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== '0' && value !== 'false';
}

/**
 * `what` (a tool, a host, a registered command) is missing: in CI this throws, failing the test or
 * hook; elsewhere it prints one line saying why and skips (mocha's this.skip() also throws, so the
 * caller's code after this line never runs).
 */
export function requireOrSkip(ctx: Mocha.Context, what: string): never {
  if (isCi()) throw new Error(`${what} (required when CI is set)`);
  console.log(`      (skipped: ${what})`);
  ctx.skip();
}
