import type { Context } from "aws-lambda";

/** A Lambda context for an in-process invocation; the deadline mirrors the function's timeout. */
class LocalLambdaContext implements Context {
  readonly callbackWaitsForEmptyEventLoop = false;
  readonly functionVersion = "$LATEST";
  readonly memoryLimitInMB = "256";
  readonly logStreamName = "local";
  readonly #deadline: number;

  constructor(
    readonly functionName: string,
    readonly awsRequestId: string,
    timeoutMs: number,
  ) {
    this.#deadline = Date.now() + timeoutMs;
  }

  get invokedFunctionArn(): string {
    return `arn:aws:lambda:local:000000000000:function:${this.functionName}`;
  }

  get logGroupName(): string {
    return `/aws/lambda/${this.functionName}`;
  }

  getRemainingTimeInMillis(): number {
    return Math.max(0, this.#deadline - Date.now());
  }

  done(): void {}
  fail(): void {}
  succeed(): void {}
}

export function lambdaContext(functionName: string, requestId: string, timeoutMs = 30_000): Context {
  return new LocalLambdaContext(functionName, requestId, timeoutMs);
}
