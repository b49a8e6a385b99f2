/**
 * An expected deploy failure: the message says what failed and what to do, so the pipeline shows
 * it as is (an unexpected error goes through describeAwsError instead). Editor-free.
 */
export class DeployFailure extends Error {
  override readonly name = 'DeployFailure';

  constructor(
    message: string,
    /** Extra lines for the output channel (each problem, each failed check…). */
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }

  static is(value: unknown): value is DeployFailure {
    return value instanceof DeployFailure || (value instanceof Error && value.name === 'DeployFailure');
  }
}
