import { installAwsLambdaGlobals } from "../../src/local/awslambda/globals.js";

// The Lambda runtime provides `awslambda` before a handler module loads; the entries use it then.
installAwsLambdaGlobals();
