import { functionUrlHandler } from "../../common/lambda/function-url/handler.js";
import { chat } from "./index.js";

/** The Lambda entry behind openai_function's function URL (invoke mode RESPONSE_STREAM). */
export const handler = awslambda.streamifyResponse(functionUrlHandler("openai_function", chat));
