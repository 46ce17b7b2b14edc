import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { ChatCompletion } from "openai/resources";
import { jsonResponse } from "../../common/responses.js";
import type { Settings } from "../../common/settings/index.js";
import { chatCompletionFrom } from "./completion.js";
import { prepareTurn } from "./turn.js";
import { langchainUpstreamError } from "./upstream-error.js";

/** A chat turn answered whole: a chat.completion, stored with the turn when it names a conversation. */
export async function answerChat(
  event: APIGatewayProxyEvent,
  settings: Settings,
): Promise<APIGatewayProxyResult> {
  const turn = await prepareTurn(event, settings);
  let completion: ChatCompletion;
  try {
    completion = chatCompletionFrom(await turn.chain.invoke(turn.prompt), turn.input.model);
  } catch (error) {
    throw langchainUpstreamError(error);
  }
  await turn.save(completion);
  return jsonResponse(200, { ...completion, request_meta_data: turn.metaData });
}
