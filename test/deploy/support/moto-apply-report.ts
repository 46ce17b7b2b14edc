import type { TerraformResult } from "./moto-stack.js";

/** What test/deploy/support/moto-apply-run.ts observed, for test/deploy/moto-apply.test.ts to judge. */

export const MOTO_OPENAI_KEY = "sk-moto-apply-test-key-0123456789abcdef";
export const CONVERSATION_ID = "moto-apply-conversation";
/** openai_v2 keeps conversations in the same table, with rights of its own. */
export const OPENAI_V2_CONVERSATION_ID = "moto-apply-openai-v2-conversation";

export interface Invocation {
  statusCode: number | undefined;
  contentType: string | undefined;
  body: string;
  error: string | undefined;
  output: string;
}

export interface MotoApplyReport {
  steps: Record<string, Pick<TerraformResult, "exitCode" | "seconds"> & { tail: string }>;
  /** Resource paths of the REST API as moto holds it, after the first apply and after the second. */
  resourcePaths: string[];
  resourcePathsAfterRemoval: string[];
  removedPath: string;
  deploymentChanged: boolean;
  /** What moto returns for each function's integration of its passthrough route. */
  passthroughUri: string | undefined;
  functionEnvironments: Record<string, Record<string, string>>;
  /** Each invoked function's X-Ray mode as moto holds it (the apply turns tracing on). */
  tracingModes: Record<string, string | undefined>;
  invocations: Record<string, Invocation>;
  /** The messages the conversation's turn items hold in moto's table, by the function that wrote them. */
  storedMessages: Record<string, number>;
  functionsAfterDestroy: string[];
  /** The authorizer function after an apply with bearer_api_keys, and its package run on the fixture. */
  bearerKeys:
    | {
        environment: Record<string, string>;
        memorySize: number | undefined;
        policy: string;
        result: unknown;
        error: string | undefined;
        output: string;
      }
    | undefined;
}
